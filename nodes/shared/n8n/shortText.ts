/**
 * A description on one line, cut to `max` characters with an ellipsis: n8n's lists and form
 * labels have room for a glance, not a paragraph. Empty when there is nothing to say.
 */
export function shortText(text: string | undefined, max: number): string | undefined {
	const line = text?.trim().replace(/\s+/g, ' ');
	if (!line) return undefined;
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

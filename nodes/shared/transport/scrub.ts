/**
 * Secrets out of every text a person or a log may see. A hub, a proxy or Civic Auth may echo
 * a secret back in a form of its own: split across lines, URL-encoded, base64 (an HTTP Basic
 * header is base64 of `clientId:secret`), or a token cut short by someone else's limit. Each
 * secret is looked for in those forms, white space ignored, and anything shaped like a JWT
 * goes too. Scrub first, clip after: a clipped token no longer matches itself.
 */
const REDACTED = '[token]';
/** Shorter strings are not secrets worth hiding (and would blank out ordinary words). */
const MIN_SECRET_LENGTH = 6;
/** A JWT's header and claims, with or without a signature: `eyJ` is base64 of `{"`. */
const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*)?/g;
const WHITESPACE = /\s/;

export function scrub(text: string, secrets: Iterable<string>): string {
	const forms = secretForms(secrets);
	const scrubbed = forms.length ? redactIgnoringWhitespace(text, forms) : text;
	return scrubbed.replace(JWT_SHAPE, REDACTED);
}

/** Each secret as it may come back: as it is, URL-encoded, base64 and base64url. */
function secretForms(secrets: Iterable<string>): string[] {
	const forms = new Set<string>();
	for (const raw of secrets) {
		const secret = raw.replace(/\s+/g, '');
		if (secret.length < MIN_SECRET_LENGTH) continue;
		forms.add(secret);
		forms.add(encodeURIComponent(secret));
		const bytes = Buffer.from(secret, 'utf8');
		forms.add(bytes.toString('base64'));
		forms.add(bytes.toString('base64url'));
	}
	return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * Finds each form in the text with its white space left out (a token folded over lines), and
 * redacts the span it covers in the text as written. Linear in the text for each form.
 */
function redactIgnoringWhitespace(text: string, forms: string[]): string {
	let squeezed = '';
	const at: number[] = [];
	for (let i = 0; i < text.length; i++) {
		if (WHITESPACE.test(text[i])) continue;
		squeezed += text[i];
		at.push(i);
	}
	const spans: Array<[number, number]> = [];
	for (const form of forms) {
		for (let from = squeezed.indexOf(form); from >= 0; from = squeezed.indexOf(form, from + form.length)) {
			spans.push([at[from], at[from + form.length - 1] + 1]);
		}
	}
	if (!spans.length) return text;
	spans.sort((a, b) => a[0] - b[0]);
	let out = '';
	let kept = 0;
	for (const [start, end] of spans) {
		if (end <= kept) continue;
		out += text.slice(kept, Math.max(kept, start)) + (start >= kept ? REDACTED : '');
		kept = end;
	}
	return out + text.slice(kept);
}

/** A text from the hub or Civic Auth, for a message: scrubbed, then cut to a glance. */
export function clipped(text: string, max = 300): string {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}

import { resolveProperty, valueType, type JsonSchema } from './jsonSchema';
import { describeValue, type ArgumentCheck } from './schemaValidator';

/**
 * Arguments for a tool call: read from JSON, stripped of empty optional fields, and checked
 * against the tool's input schema so that a wrong argument fails here, with its name,
 * instead of on the hub (or worse, half-way through a tool).
 */
export class ArgumentError extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
		this.name = 'ArgumentError';
	}
}

export function parseJsonArguments(raw: unknown): Record<string, unknown> {
	let value = raw;
	if (typeof raw === 'string') {
		if (!raw.trim()) return {};
		try {
			value = JSON.parse(raw);
		} catch (error) {
			throw new ArgumentError(
				`Arguments (JSON) is not valid JSON: ${(error as Error).message}`,
				'Write the arguments as a JSON object, e.g. {"city": "Oslo"}, or switch Input Mode to "Fields".',
			);
		}
	}
	if (value === null || value === undefined) return {};
	if (typeof value !== 'object' || Array.isArray(value)) {
		throw new ArgumentError(
			`Arguments (JSON) must be a JSON object, got ${describeValue(value)}`,
			'Wrap the arguments in an object, e.g. {"ids": [1, 2]}.',
		);
	}
	return value as Record<string, unknown>;
}

/** Fields left empty in the form are not sent: the tool then applies its own defaults. */
export function dropEmpty(values: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}

/**
 * Form fields for arrays and objects arrive as JSON text, and date-time fields as n8n's
 * date objects (Luxon, in the workflow's time zone); turn them into JSON values.
 */
export function parseStructuredFields(values: Record<string, unknown>, schema: JsonSchema): Record<string, unknown> {
	const result = { ...values };
	for (const [key, value] of Object.entries(values)) {
		const date = isoDate(value);
		if (date !== undefined) {
			result[key] = date;
			continue;
		}
		const property = schema.properties?.[key];
		const type = property && valueType(resolveProperty(schema, property));
		if (typeof value !== 'string' || (type !== 'array' && type !== 'object')) continue;
		try {
			result[key] = JSON.parse(value);
		} catch {
			throw new ArgumentError(
				`Argument "${key}" must be a JSON ${type}, but its value is not valid JSON`,
				type === 'array' ? 'Write it like ["a", "b"].' : 'Write it like {"key": "value"}.',
			);
		}
	}
	return result;
}

function isoDate(value: unknown): string | undefined {
	if (value instanceof Date) return value.toISOString();
	const luxon = value as { isLuxonDateTime?: boolean; toISO?: () => string | null } | null;
	if (luxon && typeof luxon === 'object' && luxon.isLuxonDateTime && typeof luxon.toISO === 'function') {
		return luxon.toISO() ?? undefined;
	}
	return undefined;
}

/** Throws one ArgumentError naming every argument that does not fit the schema; `check` is the compiled schema. */
export function validateArguments(toolName: string, check: ArgumentCheck | undefined, args: Record<string, unknown>): void {
	const problems = check?.(args) ?? [];
	if (problems.length === 0) return;
	throw new ArgumentError(
		`Invalid arguments for tool "${toolName}": ${problems.join('; ')}`,
		'Correct the arguments in the node (Arguments, or Arguments (JSON)) and run again. Nothing was sent to the tool.',
	);
}

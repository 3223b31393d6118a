/**
 * Arguments for a tool call: read from JSON, stripped of empty optional fields, and checked
 * against the tool's input schema so that a wrong argument fails here, with its name,
 * instead of on the hub (or worse, half-way through a tool).
 */
export interface JsonSchema {
	type?: string | string[];
	enum?: unknown[];
	properties?: Record<string, JsonSchema>;
	required?: string[];
	items?: JsonSchema;
	title?: string;
	description?: string;
	default?: unknown;
}

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
			`Arguments (JSON) must be a JSON object, got ${describeType(value)}`,
			'Wrap the arguments in an object, e.g. {"ids": [1, 2]}.',
		);
	}
	return value as Record<string, unknown>;
}

/** Fields left empty in the form are not sent: the tool then applies its own defaults. */
export function dropEmpty(values: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}

/** Form fields for arrays and objects arrive as JSON text; turn them into values. */
export function parseStructuredFields(values: Record<string, unknown>, schema: JsonSchema): Record<string, unknown> {
	const result = { ...values };
	for (const [key, value] of Object.entries(values)) {
		const type = schema.properties?.[key]?.type;
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

/** Throws one ArgumentError naming every argument that does not fit the schema. */
export function validateArguments(toolName: string, schema: JsonSchema, args: Record<string, unknown>): void {
	const problems = checkValue(args, { ...schema, type: 'object' }, '');
	if (problems.length === 0) return;
	throw new ArgumentError(
		`Invalid arguments for tool "${toolName}": ${problems.join('; ')}`,
		'Correct the arguments in the node (Arguments, or Arguments (JSON)) and run again. Nothing was sent to the tool.',
	);
}

function checkValue(value: unknown, schema: JsonSchema, path: string): string[] {
	const name = path || 'arguments';
	const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
	if (types.length && !types.some((type) => isType(value, type))) {
		return [`"${name}" must be ${types.map(article).join(' or ')}, got ${describeType(value)}`];
	}
	if (schema.enum && !schema.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))) {
		return [`"${name}" must be one of ${schema.enum.map((o) => JSON.stringify(o)).join(', ')}, got ${JSON.stringify(value)}`];
	}
	const problems: string[] = [];
	if (isType(value, 'object') && (schema.properties || schema.required)) {
		const object = value as Record<string, unknown>;
		for (const key of schema.required ?? []) {
			if (object[key] === undefined) problems.push(`"${join(path, key)}" is required but missing`);
		}
		for (const [key, child] of Object.entries(schema.properties ?? {})) {
			if (object[key] !== undefined) problems.push(...checkValue(object[key], child, join(path, key)));
		}
	}
	if (Array.isArray(value) && schema.items) {
		value.forEach((entry, index) => problems.push(...checkValue(entry, schema.items!, `${name}[${index}]`)));
	}
	return problems;
}

function isType(value: unknown, type: string): boolean {
	switch (type) {
		case 'string':
			return typeof value === 'string';
		case 'integer':
			return Number.isInteger(value);
		case 'number':
			return typeof value === 'number' && Number.isFinite(value);
		case 'boolean':
			return typeof value === 'boolean';
		case 'array':
			return Array.isArray(value);
		case 'object':
			return typeof value === 'object' && value !== null && !Array.isArray(value);
		case 'null':
			return value === null;
		default:
			return true;
	}
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
	if (typeof value === 'number') return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
	return article(typeof value);
}

import { createHash } from 'node:crypto';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { RE2JS } from 're2js';
import { pointerSegments, valueAt } from './jsonSchema';

/**
 * A tool's input (or output) schema, compiled once, that says in words what is wrong with a
 * value. MCP servers write JSON Schema 2020-12 (FastMCP/pydantic, zod-to-json-schema) or
 * draft-07; ajv checks all of it ($ref/$defs, anyOf/oneOf/allOf, bounds, lengths, patterns,
 * formats, additionalProperties). Its raw errors name keywords and JSON pointers; ours name
 * fields.
 *
 * Schemas come from MCP servers behind the hub, so they are untrusted:
 * - `pattern` and `patternProperties` run on RE2 (re2js), which matches in linear time: a
 *   native RegExp such as `^(a+)+$` can block n8n's event loop for seconds on a short
 *   argument. A pattern RE2 cannot read (look-around, back-references) is left to the hub;
 * - compiled checks are kept by the schema's content, a bounded number of them, and ajv's
 *   own instances are replaced after a while: each keeps every schema it ever compiled;
 * - no `$id` is registered process-wide: a schema with an id is compiled on its own.
 */
export type ArgumentCheck = (args: Record<string, unknown>) => string[];

const MAX_KEPT_CHECKS = 256;
/** An ajv instance keeps every schema it compiled: after this many it is left for a new one. */
const COMPILES_PER_INSTANCE = 256;

/**
 * A RegExp-like matcher on RE2; a pattern RE2 cannot read matches everything (the hub still
 * checks it). ajv shares compiled patterns by their `toString()`, so it must be the pattern.
 */
const linearRegExp = Object.assign(
	(pattern: string) => {
		const toString = () => `/${pattern}/`;
		try {
			const compiled = RE2JS.compile(pattern);
			return { test: (text: string) => compiled.matcher(text).find(), toString };
		} catch {
			return { test: () => true, toString };
		}
	},
	{ code: 'linearRegExp' },
);

const OPTIONS = { allErrors: true, strict: false, validateFormats: true, addUsedSchema: false, code: { regExp: linearRegExp } } as const;

interface Dialect {
	create: () => Ajv | Ajv2020;
	instance?: Ajv | Ajv2020;
	compiles: number;
}
const dialects = {
	draft07: { create: () => withFormats(new Ajv(OPTIONS)), compiles: 0 } as Dialect,
	draft2020: { create: () => withFormats(new Ajv2020(OPTIONS)), compiles: 0 } as Dialect,
};
const kept = new Map<string, ArgumentCheck>();

function dialectOf(schema: Record<string, unknown>): Dialect {
	const named = typeof schema.$schema === 'string' ? schema.$schema : '';
	// MCP's default dialect for a schema that names none is 2020-12.
	return /draft-0[4-7]/.test(named) ? dialects.draft07 : dialects.draft2020;
}

/** The dialect's current ajv, a new one every COMPILES_PER_INSTANCE compiles (ajv instances are costly to create). */
function ajvFor(dialect: Dialect): Ajv | Ajv2020 {
	if (!dialect.instance || dialect.compiles >= COMPILES_PER_INSTANCE) {
		dialect.instance = dialect.create();
		dialect.compiles = 0;
	}
	dialect.compiles++;
	return dialect.instance;
}

function withFormats<T extends Ajv | Ajv2020>(ajv: T): T {
	addFormats(ajv);
	return ajv;
}

/**
 * ajv's first compile in a process takes tens of milliseconds (its code generator is not yet
 * optimised), the next ones one or two. A process's first execution (a CLI run, a queue
 * worker's first job, n8n just started) runs this while its handshake's reply is on the way,
 * so that the cost is off the path from the tool list to the first call.
 */
export function warmArgumentChecks(): void {
	if (dialects.draft2020.instance || dialects.draft07.instance) return;
	compileArgumentCheck({ type: 'object', properties: { text: { type: 'string', minLength: 1, pattern: '^\\S' } }, required: ['text'] });
}

/**
 * Compiles `schema` (as the check of an object: arguments, or structured output), or takes
 * the check already compiled for the same content; throws when ajv cannot (the caller then
 * skips local checks for that tool).
 */
export function compileArgumentCheck(schema: Record<string, unknown>): ArgumentCheck {
	// the top-level id would be registered in ajv; two tools (or two versions of one) may share it
	const { $id: _id, ...anonymous } = schema;
	const text = JSON.stringify(anonymous);
	const key = createHash('sha256').update(text).digest('base64');
	const found = kept.get(key);
	if (found) {
		kept.delete(key);
		kept.set(key, found);
		return found;
	}
	const dialect = dialectOf(schema);
	// ids further down resolve references and are registered as they are: such a schema gets an ajv of its own
	const ajv = text.includes('"$id"') ? dialect.create() : ajvFor(dialect);
	const validate = ajv.compile({ type: 'object', ...anonymous }) as ValidateFunction;
	const check: ArgumentCheck = (args) => (validate(args) ? [] : describeErrors(validate.errors ?? [], args));
	kept.set(key, check);
	if (kept.size > MAX_KEPT_CHECKS) kept.delete(kept.keys().next().value as string);
	return check;
}

/** How many compiled checks are kept, for tests and the bench. */
export function keptChecks(): number {
	return kept.size;
}

/** One message per problem, in the order a person would fix them; branches of anyOf folded. */
function describeErrors(errors: ErrorObject[], args: unknown): string[] {
	const messages: string[] = [];
	for (const error of foldAlternatives(errors)) {
		const message = describe(error, args);
		if (message && !messages.includes(message)) messages.push(message);
	}
	return messages;
}

/**
 * ajv reports every branch of an anyOf/oneOf that failed, then the anyOf itself. A person
 * needs the branch their value was meant for: the one whose type it has (for nullable
 * integer-or-null given 9, the integer's bounds); when it has none of the types, one line.
 */
function foldAlternatives(errors: ErrorObject[]): ErrorObject[] {
	const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
	if (!alternatives.length) return errors;
	const kept = new Set(errors);
	for (const alternative of alternatives) {
		const inside = errors.filter((e) => e !== alternative && e.schemaPath.startsWith(`${alternative.schemaPath}/`));
		const branches = new Map<string, ErrorObject[]>();
		for (const error of inside) {
			const branch = error.schemaPath.slice(alternative.schemaPath.length + 1).split('/')[0];
			branches.set(branch, [...(branches.get(branch) ?? []), error]);
		}
		const fitting = [...branches.values()].find(
			(branchErrors) => !branchErrors.some((e) => e.keyword === 'type' && e.instancePath === alternative.instancePath),
		);
		for (const error of inside) if (!fitting?.includes(error)) kept.delete(error);
		if (fitting) kept.delete(alternative);
		else {
			// every branch wanted another type: say which types would do
			const types = inside
				.filter((e) => e.keyword === 'type' && e.instancePath === alternative.instancePath)
				.flatMap((e) => String((e.params as { type: string }).type).split(','));
			alternative.params = { types };
		}
	}
	return errors.filter((e) => kept.has(e));
}

function describe(error: ErrorObject, args: unknown): string | undefined {
	const params = error.params as Record<string, unknown>;
	const at = fieldName(error.instancePath);
	const field = `"${at || 'arguments'}"`;
	const value = valueAt(args, pointerSegments(error.instancePath));
	switch (error.keyword) {
		case 'required':
			return `"${join(at, String(params.missingProperty))}" is required but missing`;
		case 'additionalProperties':
			return `"${join(at, String(params.additionalProperty))}" is not an argument of this tool`;
		case 'type':
			return `${field} must be ${orList(String(params.type).split(','))}, got ${describeValue(value)}`;
		case 'anyOf':
		case 'oneOf': {
			const types = (params.types as string[] | undefined) ?? [];
			return types.length
				? `${field} must be ${orList([...new Set(types)])}, got ${describeValue(value)}`
				: `${field} does not fit any of the forms this tool accepts`;
		}
		case 'enum':
			return `${field} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(value)}`;
		case 'const':
			return `${field} must be ${JSON.stringify(params.allowedValue)}, got ${JSON.stringify(value)}`;
		case 'format':
			return `${field} must be ${FORMATS[String(params.format)] ?? `in the format "${String(params.format)}"`}, got ${JSON.stringify(value)}`;
		case 'minimum':
		case 'exclusiveMinimum':
		case 'maximum':
		case 'exclusiveMaximum':
			return `${field} must be ${BOUNDS[error.keyword]} ${String(params.limit)}, got ${JSON.stringify(value)}`;
		case 'multipleOf':
			return `${field} must be a multiple of ${String(params.multipleOf)}, got ${JSON.stringify(value)}`;
		case 'minLength':
		case 'maxLength':
			return `${field} must be ${error.keyword === 'minLength' ? 'at least' : 'at most'} ${plural(Number(params.limit), 'character')} long, got ${JSON.stringify(value)}`;
		case 'minItems':
		case 'maxItems':
			return `${field} must have ${error.keyword === 'minItems' ? 'at least' : 'at most'} ${plural(Number(params.limit), 'entry', 'entries')}, got ${Array.isArray(value) ? value.length : 0}`;
		case 'uniqueItems':
			return `${field} must not repeat entries (entries ${Number(params.j) + 1} and ${Number(params.i) + 1} are the same)`;
		case 'minProperties':
		case 'maxProperties':
			return `${field} must have ${error.keyword === 'minProperties' ? 'at least' : 'at most'} ${plural(Number(params.limit), 'field')}`;
		case 'pattern':
			return `${field} must match the pattern ${String(params.pattern)}, got ${JSON.stringify(value)}`;
		case 'not':
			return `${field} has a value this tool does not accept`;
		case 'if':
		case 'allOf':
			// the failing sub-schema's own errors say what is wrong
			return undefined;
		default:
			return `${field} is not valid (${error.keyword})`;
	}
}

const FORMATS: Record<string, string> = {
	'date-time': 'a date and time like 2026-11-25T10:00:00Z',
	date: 'a date like 2026-11-25',
	time: 'a time like 10:00:00Z',
	duration: 'a duration like P1DT2H',
	email: 'an e-mail address',
	'idn-email': 'an e-mail address',
	hostname: 'a host name',
	ipv4: 'an IPv4 address',
	ipv6: 'an IPv6 address',
	uri: 'an absolute URI like https://example.com/',
	'uri-reference': 'a URI',
	url: 'a URL',
	uuid: 'a UUID',
	regex: 'a regular expression',
};

const BOUNDS: Record<string, string> = {
	minimum: 'at least',
	exclusiveMinimum: 'greater than',
	maximum: 'at most',
	exclusiveMaximum: 'less than',
};

/** "/attendees/0/email" → "attendees[0].email" */
function fieldName(pointer: string): string {
	return pointerSegments(pointer).reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : join(path, part)), '');
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);
const orList = (types: string[]) => types.map((t) => (t === 'null' ? 'null' : article(t))).join(' or ');
const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

export function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
	if (typeof value === 'number') return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
	return article(typeof value);
}

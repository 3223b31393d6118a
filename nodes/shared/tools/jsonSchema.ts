/**
 * Reading a tool's input schema for the Fields form, the way MCP servers write it:
 * a property may be a `$ref` into `$defs`, a nullable `anyOf: [X, {type: null}]`, or an
 * `allOf` of one schema (pydantic's way of adding a description to a `$ref`).
 */
export interface JsonSchema {
	type?: string | string[];
	enum?: unknown[];
	format?: string;
	properties?: Record<string, JsonSchema>;
	required?: string[];
	items?: JsonSchema;
	title?: string;
	description?: string;
	default?: unknown;
	$ref?: string;
	anyOf?: JsonSchema[];
	oneOf?: JsonSchema[];
	allOf?: JsonSchema[];
	$defs?: Record<string, JsonSchema>;
	definitions?: Record<string, JsonSchema>;
}

/** A refs chain longer than this is a loop. */
const MAX_DEPTH = 10;

/**
 * The schema a value of `property` really has: references followed, a single non-null
 * alternative taken, and the property's own title, description and default kept on top.
 */
export function resolveProperty(root: JsonSchema, property: JsonSchema, depth = 0): JsonSchema {
	if (depth > MAX_DEPTH) return property;
	const { $ref, anyOf, oneOf, allOf, ...own } = property;
	let target: JsonSchema | undefined;
	if ($ref) target = refTarget(root, $ref);
	else if (allOf?.length === 1) target = allOf[0];
	else {
		const alternatives = (anyOf ?? oneOf ?? []).filter((alternative) => alternative.type !== 'null');
		if (alternatives.length === 1) target = alternatives[0];
	}
	if (!target) return property;
	const resolved = resolveProperty(root, target, depth + 1);
	return { ...resolved, ...stripUndefined(own), type: own.type ?? resolved.type };
}

/** The types a property allows, null left out: what a form field can hold. */
export function valueType(property: JsonSchema): string | undefined {
	return Array.isArray(property.type) ? property.type.find((t) => t !== 'null') : property.type;
}

/** What a local `$ref` ("#/$defs/Name") points at in `root`. */
export function refTarget(root: JsonSchema, ref: string): JsonSchema | undefined {
	if (!ref.startsWith('#/')) return undefined;
	const node = valueAt(root, ref.slice(2).split('/').map((part) => unescapeKey(decodeURIComponent(part))));
	return node && typeof node === 'object' ? (node as JsonSchema) : undefined;
}

const unescapeKey = (part: string) => part.replace(/~1/g, '/').replace(/~0/g, '~');

/** The keys of a JSON pointer such as ajv's error paths: "/a~1b/0" → ["a/b", "0"]. */
export const pointerSegments = (pointer: string): string[] => pointer.split('/').slice(1).map(unescapeKey);

/** What lies under `keys` in `root`, for $ref targets and ajv's error paths alike. */
export function valueAt(root: unknown, keys: string[]): unknown {
	let value = root;
	for (const key of keys) value = (value as Record<string, unknown> | undefined)?.[key];
	return value;
}

const stripUndefined = (object: JsonSchema) =>
	Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as JsonSchema;

import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { refTarget, type JsonSchema } from '../tools/jsonSchema';

/** A refs chain deeper than this is a loop; what lies below is left open. */
const MAX_DEPTH = 8;
/**
 * Writing `$ref`s out copies a definition at every use, so a schema of a few KB from an
 * untrusted server can grow to gigabytes. Past this many nodes a schema is offered simpler.
 */
export const MAX_SCHEMA_NODES = 20_000;

class OverBudget extends Error {}

/**
 * A tool's input schema as a model's function calling takes it: an object with its
 * properties, `$ref`s into `$defs` written out in place (n8n 2.x turns the schema into zod,
 * which cannot follow them) and the keys no model reads removed. Names, types, required,
 * enums, formats, descriptions and nesting stay as the hub wrote them.
 *
 * A schema too big to write out is offered in a simpler form: references one level deep,
 * then only the top-level properties with their types and descriptions. The model reads
 * less; the arguments are still checked against the full schema (ajv follows references
 * without copying them).
 */
export function modelSchema(tool: Tool): Record<string, unknown> {
	const root = tool.inputSchema as Record<string, unknown>;
	for (const depth of [MAX_DEPTH, 1]) {
		try {
			return asObjectSchema(inline(root, root, 0, depth, { left: MAX_SCHEMA_NODES }) as Record<string, unknown>);
		} catch (error) {
			if (!(error instanceof OverBudget)) throw error;
		}
	}
	return topLevelOnly(root);
}

function asObjectSchema(inlined: Record<string, unknown>): Record<string, unknown> {
	delete inlined.$schema;
	delete inlined.$defs;
	delete inlined.definitions;
	return { ...inlined, type: 'object', properties: inlined.properties ?? {} };
}

function inline(root: Record<string, unknown>, node: unknown, depth: number, maxDepth: number, budget: { left: number }): unknown {
	if (--budget.left < 0) throw new OverBudget();
	if (Array.isArray(node)) return node.map((entry) => inline(root, entry, depth, maxDepth, budget));
	if (!node || typeof node !== 'object') return node;
	const { $ref, ...own } = node as Record<string, unknown>;
	if (typeof $ref === 'string') {
		const target = depth < maxDepth ? refTarget(root as JsonSchema, $ref) : undefined;
		if (!target) return inline(root, own, depth, maxDepth, budget);
		return { ...(inline(root, target, depth + 1, maxDepth, budget) as object), ...(inline(root, own, depth, maxDepth, budget) as object) };
	}
	return Object.fromEntries(Object.entries(own).map(([key, value]) => [key, inline(root, value, depth, maxDepth, budget)]));
}

/** The last resort: each property's type, description and enum, nothing nested. */
function topLevelOnly(root: Record<string, unknown>): Record<string, unknown> {
	const properties: Record<string, unknown> = {};
	for (const [name, property] of Object.entries((root.properties as Record<string, JsonSchema> | undefined) ?? {})) {
		const own = property && typeof property === 'object' ? property : {};
		const simple: Record<string, unknown> = {};
		if (typeof own.type === 'string' || Array.isArray(own.type)) simple.type = own.type;
		if (typeof own.description === 'string') simple.description = own.description.slice(0, 1000);
		if (Array.isArray(own.enum) && own.enum.length <= 100) simple.enum = own.enum;
		properties[name] = simple;
	}
	const required = Array.isArray(root.required) ? root.required.filter((name) => typeof name === 'string' && name in properties) : undefined;
	return { type: 'object', properties, ...(required?.length ? { required } : {}) };
}

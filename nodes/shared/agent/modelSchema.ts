import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { refTarget, type JsonSchema } from '../tools/jsonSchema';

/** A refs chain deeper than this is a loop; what lies below is left open. */
const MAX_DEPTH = 8;

/**
 * A tool's input schema as a model's function calling takes it: an object with its
 * properties, `$ref`s into `$defs` written out in place (n8n 2.x turns the schema into zod,
 * which cannot follow them) and the keys no model reads removed. Names, types, required,
 * enums, formats, descriptions and nesting stay as the hub wrote them.
 */
export function modelSchema(tool: Tool): Record<string, unknown> {
	const root = tool.inputSchema as Record<string, unknown>;
	const inlined = inline(root, root, 0) as Record<string, unknown>;
	delete inlined.$schema;
	delete inlined.$defs;
	delete inlined.definitions;
	return { ...inlined, type: 'object', properties: inlined.properties ?? {} };
}

function inline(root: Record<string, unknown>, node: unknown, depth: number): unknown {
	if (Array.isArray(node)) return node.map((entry) => inline(root, entry, depth));
	if (!node || typeof node !== 'object') return node;
	const { $ref, ...own } = node as Record<string, unknown>;
	if (typeof $ref === 'string') {
		const target = depth < MAX_DEPTH ? refTarget(root as JsonSchema, $ref) : undefined;
		if (!target) return inline(root, own, depth);
		return { ...(inline(root, target, depth + 1) as object), ...(inline(root, own, depth) as object) };
	}
	return Object.fromEntries(Object.entries(own).map(([key, value]) => [key, inline(root, value, depth)]));
}

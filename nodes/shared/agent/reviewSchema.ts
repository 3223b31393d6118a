import type { INode, ISupplyDataFunctions } from 'n8n-workflow';
import { hostZod, type HostZod, type ZodSchema } from './hostLangChain';

/**
 * n8n 2.6+'s human review puts a send-and-wait node's "HITL tool" variant between a toolkit
 * and the agent. n8n-core then offers each tool as `{ toolParameters, hitlParameters }` and,
 * once a person approves, runs the toolkit with `toolParameters` — but it wraps only a schema
 * of its own zod: given JSON Schema, it offers the tool unwrapped, the person reviews empty
 * parameters, and the approved call runs with no arguments at all. So a toolkit behind a
 * review gives n8n a zod copy of each tool's schema, made with the zod n8n-core checks.
 */
export function isBehindReview(ctx: ISupplyDataFunctions): boolean {
	// n8n-core hands a sub-node the node that asked for its tools; no public method says which
	const asking = (ctx as unknown as { parentNode?: Pick<INode, 'type'> }).parentNode;
	return typeof asking?.type === 'string' && asking.type.endsWith('HitlTool');
}

/** A copy deeper than this is left open (`any`): the model reads less, the call is still checked against the full schema. */
const MAX_DEPTH = 12;

/**
 * The model's schema (modelSchema: references written out, sizes bounded) as the host's zod:
 * types, properties, required, enums, arrays and descriptions. What zod cannot say (formats,
 * patterns, bounds) the model does not see here; the node's own check still applies it to
 * the approved arguments.
 */
export function reviewableSchema(schema: Record<string, unknown>): ZodSchema {
	return toZod(hostZod(), schema, 0);
}

function toZod(z: HostZod, schema: unknown, depth: number): ZodSchema {
	if (!schema || typeof schema !== 'object' || Array.isArray(schema) || depth > MAX_DEPTH) return z.any();
	const node = schema as Record<string, unknown>;
	const typed = typeOf(z, node, depth);
	return typeof node.description === 'string' ? typed.describe(node.description) : typed;
}

function typeOf(z: HostZod, node: Record<string, unknown>, depth: number): ZodSchema {
	const values = Array.isArray(node.enum) ? node.enum : undefined;
	if (values?.length && values.every((value) => typeof value === 'string')) return z.enum(values as [string, ...string[]]);
	const choices = (Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : []).map((choice) => toZod(z, choice, depth + 1));
	if (choices.length >= 2) return z.union(choices as [ZodSchema, ZodSchema, ...ZodSchema[]]);
	if (choices.length === 1) return choices[0];
	switch (node.type) {
		case 'string':
			return z.string();
		case 'integer':
			return z.number().int();
		case 'number':
			return z.number();
		case 'boolean':
			return z.boolean();
		case 'null':
			return z.null();
		case 'array':
			return z.array(toZod(z, node.items, depth + 1));
		case 'object':
			return objectOf(z, node, depth);
		default:
			return node.properties ? objectOf(z, node, depth) : z.any();
	}
}

function objectOf(z: HostZod, node: Record<string, unknown>, depth: number): ZodSchema {
	const properties = node.properties && typeof node.properties === 'object' ? (node.properties as Record<string, unknown>) : {};
	const required = new Set(Array.isArray(node.required) ? node.required : []);
	const shape = Object.fromEntries(
		Object.entries(properties).map(([name, property]) => {
			const type = toZod(z, property, depth + 1);
			return [name, required.has(name) ? type : type.optional()];
		}),
	);
	// what the tool takes beyond its listed properties is the full check's to judge, not this copy's
	return z.object(shape).passthrough();
}

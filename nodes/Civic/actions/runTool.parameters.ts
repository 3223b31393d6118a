import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { JsonSchema } from '../../shared/tools/jsonSchema';
import { ArgumentError, dropEmpty, parseJsonArguments, parseStructuredFields } from '../../shared/tools/toolArguments';

/** n8n's expression errors ("invalid syntax") do not say which field they come from; this does. */
function readParameter(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	fallback: unknown,
	options?: { extractValue: boolean },
): unknown {
	try {
		return ctx.getNodeParameter(name, itemIndex, fallback, options);
	} catch (error) {
		throw new ArgumentError(
			`Could not read "${label}": ${(error as Error).message}`,
			`Check the expression in "${label}" for item ${itemIndex + 1}.`,
		);
	}
}

export function readToolName(ctx: IExecuteFunctions, itemIndex: number): string {
	const name = String(readParameter(ctx, 'tool', 'Tool', itemIndex, '', { extractValue: true }) ?? '').trim();
	if (!name) {
		throw new ArgumentError(
			'No tool chosen',
			'Pick a tool in "Tool", or give its name (an expression like {{ $json.tool }} works).',
		);
	}
	return name;
}

/** The item's arguments for `tool`, from the Fields form or the JSON field; checked by the caller. */
export function readArguments(ctx: IExecuteFunctions, itemIndex: number, tool: Tool): Record<string, unknown> {
	const schema = tool.inputSchema as JsonSchema;
	const mode = ctx.getNodeParameter('inputMode', itemIndex, 'manual') as string;
	if (mode === 'json') return parseJsonArguments(readParameter(ctx, 'jsonArguments', 'Arguments (JSON)', itemIndex, '{}'));
	const fields = (readParameter(ctx, 'arguments.value', 'Arguments', itemIndex, {}) as IDataObject | null) ?? {};
	return parseStructuredFields(dropEmpty(fields), schema);
}

import { isDeepStrictEqual } from 'node:util';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';
import { modelSchema } from './modelSchema';

/**
 * AI Agent 3 runs a toolkit's `execute()` with one item per call, built by n8n-core (its
 * `requests-response`, the same on 1.123 and 2.41) as
 * `{ ...the agent's input item, ...the model's arguments, toolCallId }` (plus `tool`). The
 * agent's input item is untrusted data: a Webhook item's `headers` (with the caller's
 * Authorization), `body` and `query` would fill any argument of the same name the model did
 * not send. n8n keeps nothing on the item that says which keys the model sent, but it marks
 * where the agent's input came from (`pairedItem.sourceOverwrite`: the node before the agent,
 * its output and run), so those items can be read back: a key the model did not send holds
 * exactly the value one of them holds, and is dropped.
 */
export function modelArguments(ctx: IExecuteFunctions, tool: Tool, item: INodeExecutionData, itemIndex: number): Record<string, unknown> {
	return pickModelArguments(tool, item.json, agentInputItems(ctx, item, itemIndex));
}

/**
 * The schema's properties the model sent. `agentInput` undefined: the item did not come
 * from an agent's input (a test, a future n8n), so its fields are all the model's.
 */
export function pickModelArguments(tool: Tool, json: IDataObject, agentInput: IDataObject[] | undefined): Record<string, unknown> {
	const names = Object.keys((modelSchema(tool).properties as Record<string, unknown>) ?? {});
	const fromAgentInput = (name: string) => agentInput?.some((input) => name in input && isDeepStrictEqual(input[name], json[name])) ?? false;
	return Object.fromEntries(names.filter((name) => json[name] !== undefined && !fromAgentInput(name)).map((name) => [name, json[name]]));
}

/** The items the agent ran on, read where n8n says they came from; undefined when it says nothing. */
function agentInputItems(ctx: IExecuteFunctions, item: INodeExecutionData, itemIndex: number): IDataObject[] | undefined {
	const paired = (Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem) as IPairedItemData | undefined;
	const source = paired?.sourceOverwrite;
	if (!source?.previousNode) return undefined;
	try {
		const items = ctx
			.getWorkflowDataProxy(itemIndex)
			.$(source.previousNode)
			.all(source.previousNodeOutput ?? 0, source.previousNodeRun ?? 0) as INodeExecutionData[];
		return items.map((input) => input.json);
	} catch {
		// the agent is the first node (nothing before it): its input is the trigger's own, empty
		return [];
	}
}

import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { answerAgentCall } from '../shared/agent/agentToolCall';
import { errorForModel } from '../shared/agent/modelAnswer';
import { modelSchema } from '../shared/agent/modelSchema';
import { agentToolName, selectTools } from '../shared/agent/toolNames';
import { errorContextOf, onHub } from '../shared/n8n/withHub';
import { CIVIC_CREDENTIAL_TYPE, readCredentials } from '../shared/transport/credentials';
import { readToolkitSettings } from './toolkitSettings';

/**
 * AI Agent 3 does not call a tool's function: n8n runs this node with one item per call,
 * the agent's input item with the model's arguments, `tool` (the name the model called)
 * and `toolCallId` on top. Each item is answered for the model; the execution view shows
 * the item and the answer as this node's run.
 */
export async function executeToolCalls(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const items = this.getInputData();
	const settings = readToolkitSettings(this, 0);
	const data = await this.getCredentials(CIVIC_CREDENTIAL_TYPE);
	const errorContext = errorContextOf(data, settings.timeoutMs);
	const answer = (json: IDataObject, item: number): INodeExecutionData => ({ json, pairedItem: { item } });
	try {
		return await onHub(this, readCredentials(data), settings, async (hub, catalogue) => {
			const offered = selectTools(await hub.listTools(), settings.selection);
			const byAgentName = new Map(offered.map((tool) => [agentToolName(node.name, tool.name), tool]));
			const output: INodeExecutionData[] = [];
			for (let i = 0; i < items.length; i++) {
				const called = items[i].json.tool;
				if (typeof called !== 'string' || !called) {
					throw new NodeOperationError(node, 'The Civic Toolkit runs the tools an AI Agent calls; this item names no tool', {
						itemIndex: i,
						description: "Connect the node to an AI Agent's Tool input; to run one tool for each item, use the Civic node's Run Tool.",
					});
				}
				const tool = byAgentName.get(called);
				const json = tool
					? await answerAgentCall(this, hub, catalogue, errorContext, { tool: tool.name, args: modelArguments(tool, items[i].json) }, settings)
					: { error: `No tool "${called}" is offered by this node`, fix: `Call one of: ${[...byAgentName.keys()].join(', ')}` };
				output.push(answer(json, i));
			}
			return [output];
		});
	} catch (error) {
		if (error instanceof NodeOperationError) throw error;
		// the credential or the hub failed before any call: every call is told so
		return [items.map((_, i) => answer(errorForModel(node, error, errorContext), i))];
	}
}

/** The agent's own input fields ride on the item too: only what the tool's schema names is the model's. */
function modelArguments(tool: Tool, json: IDataObject): Record<string, unknown> {
	const names = Object.keys((modelSchema(tool).properties as Record<string, unknown>) ?? {});
	return Object.fromEntries(names.filter((name) => json[name] !== undefined).map((name) => [name, json[name]]));
}

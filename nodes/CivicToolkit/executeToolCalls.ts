import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { answerAgentCall } from '../shared/agent/agentToolCall';
import { errorForModel } from '../shared/agent/modelAnswer';
import { modelArguments } from '../shared/agent/modelArguments';
import { agentToolName, selectTools } from '../shared/agent/toolNames';
import { readNodeAccess } from '../shared/n8n/nodeAccess';
import { toNodeError } from '../shared/n8n/nodeError';
import { itemHubs, type ItemHubs } from '../shared/n8n/withHub';
import { TokenExchangeError } from '../shared/token/tokenExchange';
import { readToolkitSettings } from './toolkitSettings';

/**
 * AI Agent 3 does not call a tool's function: n8n runs this node with one item per call,
 * the agent's input item with the model's arguments, `tool` (the name the model called)
 * and `toolCallId` on top; only the model's own arguments go to the hub (modelArguments).
 * Each item is answered for the model; the execution view shows the item and the answer as
 * this node's run.
 */
export async function executeToolCalls(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const items = this.getInputData();
	const settings = readToolkitSettings(this, 0);
	const access = await readNodeAccess(this, settings.timeoutMs);
	const errorContext = access.errorContext;
	const answer = (json: IDataObject, item: number): INodeExecutionData => ({ json, pairedItem: { item } });
	/** A call the hub, the credential or a user's token cannot serve is told so; a Civic App Civic refuses ends the run. */
	const failed = (error: unknown, item: number) => {
		if (error instanceof NodeOperationError) throw error;
		if (error instanceof TokenExchangeError && error.failsRun) throw toNodeError(node, error, access.errorContextFor(item), item);
		return answer(errorForModel(node, error, access.errorContextFor(item)), item);
	};
	let hubs: ItemHubs;
	try {
		hubs = await itemHubs(this, access, { ...settings, profile: errorContext.profile });
	} catch (error) {
		return [items.map((_, i) => failed(error, i))];
	}
	const output: INodeExecutionData[] = [];
	try {
		for (let i = 0; i < items.length; i++) {
			const called = items[i].json.tool;
			if (typeof called !== 'string' || !called) {
				throw new NodeOperationError(node, 'The Civic Toolkit runs the tools an AI Agent calls; this item names no tool', {
					itemIndex: i,
					description: "Connect the node to an AI Agent's Tool input; to run one tool for each item, use the Civic node's Run Tool.",
				});
			}
			try {
				const json = await hubs.run(i, async (hub, catalogue) => {
					const offered = selectTools(await hub.listTools(), settings.selection);
					const tool = offered.find((candidate) => agentToolName(node.name, candidate.name) === called);
					if (!tool) {
						const names = offered.map((candidate) => agentToolName(node.name, candidate.name));
						return { error: `No tool "${called}" is offered by this node`, fix: `Call one of: ${names.join(', ')}` };
					}
					const args = modelArguments(this, tool, items[i], i);
					return answerAgentCall(this, hub, catalogue, access.errorContextFor(i), { tool: tool.name, args }, settings);
				});
				output.push(answer(json, i));
			} catch (error) {
				output.push(failed(error, i));
			}
		}
	} finally {
		await hubs.close();
	}
	return [output];
}

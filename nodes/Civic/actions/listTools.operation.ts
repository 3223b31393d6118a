import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { readNodeAccess } from '../../shared/n8n/nodeAccess';
import { toNodeError } from '../../shared/n8n/nodeError';
import { DEFAULT_TIMEOUT_MS, itemHubs, type ItemHubs } from '../../shared/n8n/withHub';

export const description: INodeProperties[] = [];

/**
 * One item per tool of the profile, all pages: once for a Civic API credential (one person's
 * profile), and for each input item with a Civic App, as that item's user (each user's tools
 * are their own).
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const access = await readNodeAccess(this, DEFAULT_TIMEOUT_MS);
	const asked = access.perUser ? this.getInputData().map((_, i) => i) : [0];
	const output: INodeExecutionData[] = [];
	let hubs: ItemHubs;
	try {
		hubs = await itemHubs(this, access, { timeoutMs: DEFAULT_TIMEOUT_MS, profile: access.errorContext.profile });
	} catch (error) {
		throw toNodeError(this.getNode(), error, access.errorContext);
	}
	try {
		for (const item of asked) {
			try {
				const tools = await hubs.run(item, (hub) => hub.listTools(true));
				output.push(...tools.map((tool) => ({ json: toolFields(tool), pairedItem: { item } })));
			} catch (error) {
				const nodeError = toNodeError(this.getNode(), error, access.errorContextFor(item), item);
				if (!this.continueOnFail()) throw nodeError;
				output.push({ json: { error: nodeError.message, ...(nodeError.description ? { description: nodeError.description } : {}) }, pairedItem: { item } });
			}
		}
	} finally {
		await hubs.close();
	}
	return output;
}

function toolFields(tool: Tool): IDataObject {
	return {
		name: tool.name,
		title: tool.title ?? tool.annotations?.title ?? null,
		description: tool.description ?? null,
		inputSchema: tool.inputSchema as IDataObject,
		outputSchema: (tool.outputSchema as IDataObject | undefined) ?? null,
		annotations: (tool.annotations as IDataObject | undefined) ?? {},
	};
}

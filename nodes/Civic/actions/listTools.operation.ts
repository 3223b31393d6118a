import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { withHub } from '../../shared/n8n/withHub';

export const description: INodeProperties[] = [];

/** One item per tool of the profile, all pages. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const tools = await withHub(this, (hub) => hub.listTools(true));
	return tools.map((tool) => ({
		json: {
			name: tool.name,
			title: tool.title ?? tool.annotations?.title ?? null,
			description: tool.description ?? null,
			inputSchema: tool.inputSchema as IDataObject,
			outputSchema: (tool.outputSchema as IDataObject | undefined) ?? null,
			annotations: (tool.annotations as IDataObject | undefined) ?? {},
		},
		pairedItem: { item: 0 },
	}));
}

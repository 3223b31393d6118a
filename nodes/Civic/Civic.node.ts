import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import * as listTools from './actions/listTools.operation';
import * as runTool from './actions/runTool.operation';
import { civicApiTest } from './methods/credentialTest';
import { searchTools } from './methods/listSearch';
import { getToolArguments } from './methods/resourceMapping';

export class Civic implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Civic',
		name: 'civic',
		icon: { light: 'file:civic.svg', dark: 'file:civic.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "listTools" ? "List Tools" : $parameter["tool"] }}',
		description:
			'Run the tools of your Civic profile: Google Workspace, Microsoft 365, CRMs, finance and developer tools behind one token',
		defaults: { name: 'Civic' },
		usableAsTool: true,
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'civicApi', required: true, testedBy: 'civicApiTest' }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'runTool',
				options: [
					{
						name: 'Run Tool',
						value: 'runTool',
						description: 'Run one tool of the Civic profile for every input item',
						action: 'Run a tool',
					},
					{
						name: 'List Tools',
						value: 'listTools',
						description: 'Output every tool of the profile with its input schema',
						action: 'List tools',
					},
				],
			},
			...runTool.description,
			...listTools.description,
		],
	};

	methods = {
		credentialTest: { civicApiTest },
		listSearch: { searchTools },
		resourceMapping: { getToolArguments },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		return [operation === 'listTools' ? await listTools.execute.call(this) : await runTool.execute.call(this)];
	}
}

import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import * as getTokenInfo from './actions/getTokenInfo.operation';
import * as listTools from './actions/listTools.operation';
import * as runTool from './actions/runTool.operation';
import { authenticationProperties, civicCredentials } from '../shared/n8n/authentication';
import { civicAppApiTest } from './methods/appCredentialTest';
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
		subtitle:
			'={{ { listTools: "List Tools", getTokenInfo: "Get Token Info" }[$parameter["operation"]] ?? $parameter["tool"] }}',
		description:
			'Run the tools of your Civic profile: Google Workspace, Microsoft 365, CRMs, finance and developer tools behind one token',
		defaults: { name: 'Civic' },
		// In an agent's tool panel this is the one-tool variant ("Civic Single Tool"); the Civic
		// Toolkit node offers the whole profile. Its type (civicTool) stays, so saved workflows run.
		usableAsTool: {
			replacements: {
				displayName: 'Civic Single',
				description: 'One chosen tool of your Civic profile, its arguments filled by the model with $fromAI()',
			},
		},
		inputs: ['main'],
		outputs: ['main'],
		credentials: civicCredentials(true),
		properties: [
			...authenticationProperties,
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
					{
						name: 'Get Token Info',
						value: 'getTokenInfo',
						description: "When the credential's token expires, and how to renew it (a Civic OAuth2 sign-in renews itself)",
						action: 'Get token info',
					},
				],
			},
			...runTool.description,
			...listTools.description,
			...getTokenInfo.description,
		],
	};

	methods = {
		credentialTest: { civicApiTest, civicAppApiTest },
		listSearch: { searchTools },
		resourceMapping: { getToolArguments },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operations = { listTools, getTokenInfo, runTool };
		const operation = this.getNodeParameter('operation', 0) as keyof typeof operations;
		return [await (operations[operation] ?? runTool).execute.call(this)];
	}
}

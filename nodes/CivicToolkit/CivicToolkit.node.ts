import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type ISupplyDataFunctions,
	type SupplyData,
} from 'n8n-workflow';
import { authenticationProperties, civicCredentials } from '../shared/n8n/authentication';
import { toolkitProperties } from './description';
import { executeToolCalls } from './executeToolCalls';
import { getProfileTools } from './methods/loadOptions';
import { supplyToolkit } from './supplyToolkit';

export class CivicToolkit implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Civic Toolkit',
		name: 'civicToolkit',
		icon: { light: 'file:civic.svg', dark: 'file:civic.dark.svg' },
		group: ['transform'],
		version: 1,
		description: 'Give an AI Agent every tool of your Civic profile from one node, each with its own arguments',
		defaults: { name: 'Civic Toolkit' },
		// A sub-node: no main input, and what it gives an AI Agent leaves by the Tool connection.
		// The rules below know regular nodes only.
		// eslint-disable-next-line n8n-nodes-base/node-class-description-inputs-wrong-regular-node
		inputs: [],
		// eslint-disable-next-line n8n-nodes-base/node-class-description-outputs-wrong
		outputs: [NodeConnectionTypes.AiTool],
		outputNames: ['Tools'],
		credentials: civicCredentials(false),
		properties: [...authenticationProperties, ...toolkitProperties],
	};

	methods = { loadOptions: { getProfileTools } };

	async supplyData(this: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData> {
		return supplyToolkit.call(this, itemIndex);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeToolCalls.call(this);
	}
}

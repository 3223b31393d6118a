import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { CIVIC_CREDENTIAL_TYPE, readCredentials } from '../transport/credentials';
import { HubClient } from '../transport/hubClient';
import { expiredMessage, inspectToken } from '../transport/token';
import { DEFAULT_TIMEOUT_MS, errorContextOf, signalOf } from '../transport/withHub';
import { nearNames } from '../utils/nearNames';
import { toNodeError } from '../utils/nodeError';
import {
	ArgumentError,
	dropEmpty,
	parseJsonArguments,
	parseStructuredFields,
	validateArguments,
	type JsonSchema,
} from '../utils/toolArguments';
import { toolResultToItem } from '../utils/toolResult';

const show = { show: { operation: ['runTool'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Tool',
		name: 'tool',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The tool of your Civic profile to run, e.g. google-calendar-get_events',
		displayOptions: show,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchTools', searchable: true },
			},
			{
				displayName: 'By Name',
				name: 'name',
				type: 'string',
				placeholder: 'e.g. google-calendar-get_events',
			},
		],
	},
	{
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		noDataExpression: true,
		default: 'manual',
		displayOptions: show,
		options: [
			{ name: 'Fields', value: 'manual', description: "Fill in the tool's arguments one by one" },
			{ name: 'JSON', value: 'json', description: 'Give all arguments as one JSON object' },
		],
	},
	{
		displayName: 'Arguments',
		name: 'arguments',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		displayOptions: { show: { operation: ['runTool'], inputMode: ['manual'] } },
		typeOptions: {
			loadOptionsDependsOn: ['tool.value'],
			resourceMapper: {
				resourceMapperMethod: 'getToolArguments',
				mode: 'add',
				fieldWords: { singular: 'argument', plural: 'arguments' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: false,
			},
		},
	},
	{
		displayName: 'Arguments (JSON)',
		name: 'jsonArguments',
		type: 'json',
		default: '{}',
		description: 'The tool\'s arguments as a JSON object, e.g. {"city": "Oslo"}',
		displayOptions: { show: { operation: ['runTool'], inputMode: ['json'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Output Raw Result',
				name: 'rawOutput',
				type: 'boolean',
				default: false,
				description:
					'Whether to output the MCP result exactly as the hub sent it (content blocks, structuredContent) instead of simplified fields and binary data',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 60,
				description: 'How long one tool call may take before it is cancelled',
			},
		],
	},
];

interface RunOptions {
	rawOutput?: boolean;
	timeout?: number;
}

/** Runs the chosen tool once per input item, on one hub session for the whole execution. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const options = this.getNodeParameter('options', 0, {}) as RunOptions;
	const timeoutMs = options.timeout ? options.timeout * 1000 : DEFAULT_TIMEOUT_MS;
	const data = await this.getCredentials(CIVIC_CREDENTIAL_TYPE);
	const errorContext = errorContextOf(data, timeoutMs);
	const fail = (error: unknown, itemIndex?: number) => toNodeError(this.getNode(), error, errorContext, itemIndex);
	/** Under Continue On Fail a failure becomes the item's output, so no item is lost. */
	const errorItem = (error: unknown, itemIndex: number): INodeExecutionData => {
		const nodeError = fail(error, itemIndex);
		const json: IDataObject = { error: nodeError.message };
		if (nodeError.description) json.description = nodeError.description;
		return { json, pairedItem: { item: itemIndex } };
	};

	let hub: HubClient;
	try {
		const credentials = readCredentials(data);
		const expiresAt = inspectToken(credentials.token).expiresAt;
		if (expiresAt && expiresAt <= new Date()) {
			throw new NodeOperationError(this.getNode(), expiredMessage(expiresAt), {
				description: 'Generate a new token in Civic and paste it into the Civic API credential. Nothing was run.',
			});
		}
		hub = await HubClient.connect(credentials, timeoutMs, signalOf(this));
	} catch (error) {
		if (!this.continueOnFail()) throw fail(error);
		return items.map((_, i) => errorItem(error, i));
	}

	const output: INodeExecutionData[] = [];
	try {
		for (let i = 0; i < items.length; i++) {
			try {
				const tool = await findTool(this, hub, i, errorContext.profile);
				const args = readArguments(this, i, tool);
				const result = await hub.callTool(tool.name, args, { timeoutMs, signal: signalOf(this) });
				const item = await toolResultToItem(this, tool.name, result, options.rawOutput === true);
				output.push({ ...item, pairedItem: { item: i } });
			} catch (error) {
				if (!this.continueOnFail()) throw fail(error, i);
				output.push(errorItem(error, i));
			}
		}
	} finally {
		await hub.close();
	}
	return output;
}

async function findTool(ctx: IExecuteFunctions, hub: HubClient, itemIndex: number, profile: string): Promise<Tool> {
	const name = String(readParameter(ctx, 'tool', 'Tool', itemIndex, '', { extractValue: true }) ?? '').trim();
	if (!name) {
		throw new NodeOperationError(ctx.getNode(), 'No tool chosen', {
			description: 'Pick a tool in "Tool", or give its name (an expression like {{ $json.tool }} works).',
			itemIndex,
		});
	}
	const tools = await hub.listTools();
	const tool = tools.find((t) => t.name === name);
	if (tool) return tool;
	const near = nearNames(name, tools.map((t) => t.name));
	throw new NodeOperationError(ctx.getNode(), `Tool "${name}" does not exist in Civic profile "${profile}"`, {
		description: near.length
			? `Did you mean ${near.map((n) => `"${n}"`).join(', ')}? Run "List Tools" to see every tool of the profile.`
			: 'Run "List Tools" to see every tool of the profile.',
		itemIndex,
	});
}

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

function readArguments(ctx: IExecuteFunctions, itemIndex: number, tool: Tool): Record<string, unknown> {
	const schema = tool.inputSchema as JsonSchema;
	const mode = ctx.getNodeParameter('inputMode', itemIndex, 'manual') as string;
	const args =
		mode === 'json'
			? parseJsonArguments(readParameter(ctx, 'jsonArguments', 'Arguments (JSON)', itemIndex, '{}'))
			: parseStructuredFields(
					dropEmpty((readParameter(ctx, 'arguments.value', 'Arguments', itemIndex, {}) as IDataObject | null) ?? {}),
					schema,
				);
	validateArguments(tool.name, schema, args);
	return args;
}

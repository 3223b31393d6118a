import { ErrorCode, McpError, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { CIVIC_CREDENTIAL_TYPE, readCredentials, TOKEN_PAGE_HINT } from '../../shared/transport/credentials';
import { HubClient } from '../../shared/transport/hubClient';
import { DEFAULT_RETRY_POLICY } from '../../shared/transport/retry';
import { daysUntil, expiredMessage, expiresSoonMessage, inspectToken } from '../../shared/token/tokenClaims';
import { DEFAULT_TIMEOUT_MS, errorContextOf, reuseFor, signalOf } from '../../shared/n8n/withHub';
import { forEachLimited } from '../../shared/n8n/orderedPool';
import { toNodeError } from '../../shared/n8n/nodeError';
import type { JsonSchema } from '../../shared/tools/jsonSchema';
import { ArgumentError, dropEmpty, parseJsonArguments, parseStructuredFields, validateArguments } from '../../shared/tools/toolArguments';
import { ToolCatalogue } from '../../shared/tools/toolCatalogue';
import { toolResultToItem, withFileSummary } from '../../shared/tools/toolResult';
import { agentNotice, authorizationFields, settleAuthorization } from '../../shared/authorization/authorizationFlow';

const show = { show: { operation: ['runTool'] } };
/** What a person can reasonably finish in one sitting: sign in, consent, come back. */
const MAX_AUTHORIZATION_WAIT_S = 900;

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
				valuesLabel: 'Arguments',
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
				displayName: 'Max Total Time (Seconds)',
				name: 'maxTotalTime',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 600,
				description:
					'How long a tool that keeps reporting progress may run in all; each progress report restarts the Timeout. 0 means never longer than Timeout.',
			},
			{
				displayName: 'Output Raw Result',
				name: 'rawOutput',
				type: 'boolean',
				default: false,
				description:
					'Whether to output the MCP result exactly as the hub sent it (content blocks, structuredContent) instead of simplified fields and binary data',
			},
			{
				displayName: 'Parallel Calls',
				name: 'parallelism',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 32 },
				default: 1,
				description:
					'How many items run at the same time on the shared session. Output order and pairing stay the same as one at a time.',
			},
			{
				displayName: 'Retries',
				name: 'retries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 10 },
				default: 3,
				description:
					'How often to retry after a rate limit (429), a gateway error (502/503/504) or a dropped connection. A tool call is repeated only if it surely did not reach the tool, or the tool is marked idempotent.',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 60,
				description: 'How long one request may wait for the hub before it is cancelled',
			},
			{
				displayName: 'Wait for Authorization (Seconds)',
				name: 'authorizationWait',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: MAX_AUTHORIZATION_WAIT_S },
				default: 0,
				description:
					"When the tool's service is not yet authorized for the profile, how long to wait for a person to authorize it (the URL is in the log and the execution's hints) before the item fails. 0 fails at once with the URL to open.",
			},
			{
				displayName: 'Warn Before Token Expiry (Days)',
				name: 'expiryWarningDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 3,
				description:
					'When the Civic token expires within this many days, the node still runs but adds a warning with the expiry date',
			},
		],
	},
];

interface RunOptions {
	authorizationWait?: number;
	maxTotalTime?: number;
	parallelism?: number;
	rawOutput?: boolean;
	retries?: number;
	timeout?: number;
	expiryWarningDays?: number;
}

/** Runs the chosen tool once per input item, on one hub session for the whole execution. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const options = this.getNodeParameter('options', 0, {}) as RunOptions;
	const timeoutMs = (options.timeout ?? DEFAULT_TIMEOUT_MS / 1000) * 1000;
	const maxTotalTimeoutMs = options.maxTotalTime === 0 ? undefined : (options.maxTotalTime ?? 600) * 1000;
	const data = await this.getCredentials(CIVIC_CREDENTIAL_TYPE);
	const errorContext = errorContextOf(data, timeoutMs);
	const fail = (error: unknown, itemIndex?: number) => toNodeError(this.getNode(), error, errorContext, itemIndex);
	/**
	 * Under Continue On Fail a failure becomes the item's output, so no item is lost. On the
	 * error output ("Continue (using error output)") n8n routes an item by its `error` and then
	 * keeps only `json.error`, so there the error, with its description, rides on the item.
	 */
	const toErrorOutput = this.getNode().onError === 'continueErrorOutput';
	const errorItem = (error: unknown, itemIndex: number): INodeExecutionData => {
		const nodeError = fail(error, itemIndex);
		const json: IDataObject = { error: nodeError.message };
		if (nodeError.description) json.description = nodeError.description;
		Object.assign(json, authorizationFields(error));
		return { json, pairedItem: { item: itemIndex }, ...(toErrorOutput ? { error: nodeError } : {}) };
	};
	// Used by an AI Agent (n8n names the tool variant "<type>Tool"), the model must read what to ask the user.
	const asAgentTool = this.getNode().type.endsWith('Tool');

	let hub: HubClient;
	try {
		const credentials = readCredentials(data);
		checkTokenExpiry(this, credentials.token, options.expiryWarningDays ?? 3);
		hub = await HubClient.connect(credentials, {
			timeoutMs,
			signal: signalOf(this),
			retry: { ...DEFAULT_RETRY_POLICY, maxRetries: options.retries ?? DEFAULT_RETRY_POLICY.maxRetries },
			reuse: reuseFor(this),
		});
	} catch (error) {
		if (!this.continueOnFail()) throw fail(error);
		return items.map((_, i) => errorItem(error, i));
	}

	const catalogue = new ToolCatalogue(hub, errorContext.profile, (tool, reason) =>
		this.logger.warn(`Civic node "${this.getNode().name}": the input schema of tool "${tool}" cannot be checked locally (${reason}); its arguments go to the hub unchecked`),
	);
	const output: INodeExecutionData[] = new Array(items.length);
	try {
		await forEachLimited(items.length, options.parallelism ?? 1, async (i) => {
			try {
				const call = async () => {
					const tool = await catalogue.find(readToolName(this, i));
					const args = readArguments(this, i, tool, catalogue);
					const answer = await hub.callTool(tool.name, args, {
						idempotent: tool.annotations?.idempotentHint === true,
						maxTotalTimeoutMs,
					});
					return { tool, answer };
				};
				const { tool, answer } = await call().catch((error: unknown) => {
					// arguments refused by the hub never ran the tool: with a listing from before this
					// execution, the tool may have changed, so list afresh, check again and call again
					if (error instanceof McpError && error.code === ErrorCode.InvalidParams && catalogue.refresh()) return call();
					throw error;
				});
				const result = await settleAuthorization(hub, tool.name, answer, {
					waitMs: (options.authorizationWait ?? 0) * 1000,
					signal: signalOf(this),
					callOptions: { maxTotalTimeoutMs },
					onWait: (authUrl, seconds) => announceWait(this, tool.name, i, authUrl, seconds),
				});
				const item = await toolResultToItem(this, tool.name, result, options.rawOutput === true);
				output[i] = { ...(asAgentTool ? withFileSummary(item) : item), pairedItem: { item: i } };
			} catch (error) {
				const notice = asAgentTool ? agentNotice(error, errorContext.profile) : undefined;
				if (notice) output[i] = { json: notice, pairedItem: { item: i } };
				else if (!this.continueOnFail()) throw fail(error, i);
				else output[i] = errorItem(error, i);
			}
		});
	} finally {
		await hub.close();
	}
	return output;
}

/**
 * Civic gives no warning before a token dies; the node does. An expired token stops the
 * run before any call; one that expires soon adds a warning to the execution.
 */
function checkTokenExpiry(ctx: IExecuteFunctions, token: string, warningDays: number): void {
	const expiresAt = inspectToken(token).expiresAt;
	if (!expiresAt) return;
	if (expiresAt <= new Date()) {
		throw new NodeOperationError(ctx.getNode(), expiredMessage(expiresAt), {
			description: `${TOKEN_PAGE_HINT} Nothing was run.`,
		});
	}
	if (daysUntil(expiresAt) < warningDays) {
		const message = `${expiresSoonMessage(expiresAt)}. ${TOKEN_PAGE_HINT}`;
		ctx.logger.warn(`Civic node "${ctx.getNode().name}": ${message}`);
		ctx.addExecutionHints({ message, type: 'warning', location: 'outputPane' });
	}
}

/** A person has to act while the node waits: say so where an admin or a user looks. */
function announceWait(ctx: IExecuteFunctions, tool: string, itemIndex: number, authUrl: string | undefined, seconds: number) {
	const message =
		`Waiting up to ${seconds} s for the service of tool "${tool}" (item ${itemIndex + 1}) to be authorized in Civic` +
		(authUrl ? `: open ${authUrl}` : '');
	ctx.logger.info(`Civic node "${ctx.getNode().name}": ${message}`);
	ctx.addExecutionHints({ message, type: 'info', location: 'outputPane' });
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

function readToolName(ctx: IExecuteFunctions, itemIndex: number): string {
	const name = String(readParameter(ctx, 'tool', 'Tool', itemIndex, '', { extractValue: true }) ?? '').trim();
	if (!name) {
		throw new ArgumentError(
			'No tool chosen',
			'Pick a tool in "Tool", or give its name (an expression like {{ $json.tool }} works).',
		);
	}
	return name;
}

function readArguments(ctx: IExecuteFunctions, itemIndex: number, tool: Tool, catalogue: ToolCatalogue): Record<string, unknown> {
	const schema = tool.inputSchema as JsonSchema;
	const mode = ctx.getNodeParameter('inputMode', itemIndex, 'manual') as string;
	const args =
		mode === 'json'
			? parseJsonArguments(readParameter(ctx, 'jsonArguments', 'Arguments (JSON)', itemIndex, '{}'))
			: parseStructuredFields(
					dropEmpty((readParameter(ctx, 'arguments.value', 'Arguments', itemIndex, {}) as IDataObject | null) ?? {}),
					schema,
				);
	validateArguments(tool.name, catalogue.checkFor(tool), args);
	return args;
}

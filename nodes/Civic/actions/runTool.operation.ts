import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { agentNotice, authorizationFields } from '../../shared/authorization/authorizationFlow';
import { announceAuthorizationWait, checkTokenExpiry } from '../../shared/n8n/executionNotices';
import { toNodeError } from '../../shared/n8n/nodeError';
import { forEachLimited } from '../../shared/n8n/orderedPool';
import { readNodeAccess } from '../../shared/n8n/nodeAccess';
import { signalOf } from '../../shared/n8n/contexts';
import { DEFAULT_TIMEOUT_MS, itemHubs, type ItemHubs } from '../../shared/n8n/withHub';
import { TokenExchangeError } from '../../shared/token/tokenExchange';
import { runToolCall } from '../../shared/tools/toolCall';
import { toolResultToItem, withFileSummary } from '../../shared/tools/toolResult';
import { runToolDescription, type RunOptions } from './runTool.description';
import { readArguments, readToolName } from './runTool.parameters';

export const description = runToolDescription;

/**
 * Runs the chosen tool once per input item: on one hub session for the whole execution with
 * a Civic API credential; with a Civic App, each item as its own end user, on that user's
 * session, taken and handed back per item.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const options = this.getNodeParameter('options', 0, {}) as RunOptions;
	const timeoutMs = (options.timeout ?? DEFAULT_TIMEOUT_MS / 1000) * 1000;
	const maxTotalTimeoutMs = options.maxTotalTime === 0 ? undefined : (options.maxTotalTime ?? 600) * 1000;
	const access = await readNodeAccess(this, timeoutMs);
	const errorContext = access.errorContext;
	const fail = (error: unknown, itemIndex?: number) =>
		toNodeError(this.getNode(), error, itemIndex === undefined ? errorContext : access.errorContextFor(itemIndex), itemIndex);
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

	let hubs: ItemHubs;
	try {
		if (access.credentialToken) checkTokenExpiry(this, access.credentialToken, options.expiryWarningDays ?? 3);
		hubs = await itemHubs(this, access, { timeoutMs, retries: options.retries, parallelism: options.parallelism, profile: errorContext.profile });
	} catch (error) {
		if (!this.continueOnFail()) throw fail(error);
		return items.map((_, i) => errorItem(error, i));
	}

	const output: INodeExecutionData[] = new Array(items.length);
	/** Civic refused the Civic App itself: no user can get through, so no further item is tried. */
	let appRefused: TokenExchangeError | undefined;
	try {
		await forEachLimited(items.length, options.parallelism ?? 1, async (i) => {
			if (appRefused) return void (output[i] = errorItem(appRefused, i));
			try {
				const name = readToolName(this, i);
				const { tool, result } = await hubs.run(i, (hub, catalogue) => runToolCall(hub, catalogue, {
					name,
					args: (found) => readArguments(this, i, found),
					maxTotalTimeoutMs,
					authorization: {
						waitMs: (options.authorizationWait ?? 0) * 1000,
						signal: signalOf(this),
						onWait: (authUrl, seconds) => announceAuthorizationWait(this, name, i, authUrl, seconds),
					},
				}));
				const item = await toolResultToItem(this, tool.name, result, options.rawOutput === true);
				output[i] = { ...(asAgentTool ? withFileSummary(item) : item), pairedItem: { item: i } };
			} catch (error) {
				const notice = asAgentTool ? agentNotice(error, errorContext.profile) : undefined;
				if (notice) output[i] = { json: notice, pairedItem: { item: i } };
				else if (!this.continueOnFail()) throw fail(error, i);
				else {
					if (error instanceof TokenExchangeError && error.failsRun) appRefused = error;
					output[i] = errorItem(error, i);
				}
			}
		});
	} finally {
		await hubs.close();
	}
	return output;
}

import type { IExecuteFunctions, ISupplyDataFunctions } from 'n8n-workflow';
import { ToolCatalogue } from '../tools/toolCatalogue';
import type { CivicCredentials } from '../transport/credentials';
import { HubClient } from '../transport/hubClient';
import { DEFAULT_RETRY_POLICY } from '../transport/retry';
import { reuseFor, signalOf } from './withHub';

export type ExecutionContext = IExecuteFunctions | ISupplyDataFunctions;

/** The hub session an execution runs its calls on: a kept one when there is one, with the execution's cancel signal. */
export function connectForExecution(
	ctx: ExecutionContext,
	credentials: CivicCredentials,
	options: { timeoutMs: number; retries?: number },
): Promise<HubClient> {
	return HubClient.connect(credentials, {
		timeoutMs: options.timeoutMs,
		signal: signalOf(ctx),
		retry: { ...DEFAULT_RETRY_POLICY, maxRetries: options.retries ?? DEFAULT_RETRY_POLICY.maxRetries },
		reuse: reuseFor(ctx),
	});
}

/** The profile's tools for this execution; a schema that cannot be checked is said in n8n's log. */
export function executionCatalogue(ctx: ExecutionContext, hub: HubClient, profile: string): ToolCatalogue {
	return new ToolCatalogue(hub, profile, (tool, reason) =>
		ctx.logger.warn(
			`Civic node "${ctx.getNode().name}": the input schema of tool "${tool}" cannot be checked locally (${reason}); its arguments go to the hub unchecked`,
		),
	);
}

/**
 * Runs `work` on the execution's hub session and hands the session back at once: a kept
 * one stays open for the next call or execution, one of its own (a CLI run) ends. Nothing
 * is left for n8n to close later.
 */
export async function onExecutionHub<T>(
	ctx: ExecutionContext,
	credentials: CivicCredentials,
	options: { timeoutMs: number; retries?: number },
	work: (hub: HubClient, catalogue: ToolCatalogue) => Promise<T>,
): Promise<T> {
	const hub = await connectForExecution(ctx, credentials, options);
	try {
		return await work(hub, executionCatalogue(ctx, hub, credentials.profile));
	} finally {
		await hub.close();
	}
}

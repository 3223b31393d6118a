import type { ICredentialDataDecryptedObject, IExecuteFunctions, ILoadOptionsFunctions, ISupplyDataFunctions } from 'n8n-workflow';
import { ToolCatalogue } from '../tools/toolCatalogue';
import { CIVIC_CREDENTIAL_TYPE, cleanToken, readCredentials, type CivicCredentials } from '../transport/credentials';
import { HubClient } from '../transport/hubClient';
import type { HubErrorContext } from '../transport/hubErrors';
import { DEFAULT_RETRY_POLICY } from '../transport/retry';
import { toNodeError } from './nodeError';

/** Every context a Civic node reaches the hub from: executions, the agent's sub-node calls, the editor. */
export type HubContext = IExecuteFunctions | ISupplyDataFunctions | ILoadOptionsFunctions;
/** The contexts that run tools, and can add hints to an execution. */
export type ExecutionContext = IExecuteFunctions | ISupplyDataFunctions;

export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Takes a hub session for the node's Civic credential (a kept one when there is one), runs
 * `work`, and always hands the session back. Failures come out as n8n errors with the
 * token scrubbed.
 */
export async function withHub<T>(
	ctx: HubContext,
	work: (hub: HubClient, credentials: CivicCredentials) => Promise<T>,
	timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<T> {
	const data = await ctx.getCredentials(CIVIC_CREDENTIAL_TYPE);
	const errorContext = errorContextOf(data, timeoutMs);
	try {
		const credentials = readCredentials(data);
		return await onHub(ctx, credentials, { timeoutMs }, (hub) => work(hub, credentials));
	} catch (error) {
		throw toNodeError(ctx.getNode(), error, errorContext);
	}
}

/** What error messages may name (and the token they must scrub), read before any check can fail. */
export function errorContextOf(data: ICredentialDataDecryptedObject, timeoutMs: number): HubErrorContext {
	return {
		hubUrl: String(data.hubUrl ?? ''),
		profile: String(data.profile ?? ''),
		accountId: String(data.accountId ?? ''),
		token: cleanToken(data.apiToken),
		timeoutMs,
	};
}

/** The execution's cancel signal, where the context has one (not in the editor's load-options calls). */
export function signalOf(ctx: HubContext): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;
}

/**
 * Sessions are kept per credential: its id, where the context knows it. Not for a CLI run
 * (`n8n execute`): its process exits right after, with no chance to end a kept session.
 */
export function reuseFor(ctx: HubContext): { credentialId?: string } | undefined {
	if ('getMode' in ctx && ctx.getMode?.() === 'cli') return undefined;
	return { credentialId: ctx.getNode().credentials?.[CIVIC_CREDENTIAL_TYPE]?.id ?? undefined };
}

/** The hub session an execution runs its calls on: a kept one when there is one, with the execution's cancel signal. */
export function connectForExecution(
	ctx: HubContext,
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
export function executionCatalogue(ctx: HubContext, hub: HubClient, profile: string): ToolCatalogue {
	return new ToolCatalogue(hub, profile, (tool, reason) =>
		ctx.logger.warn(
			`Civic node "${ctx.getNode().name}": the input schema of tool "${tool}" cannot be checked locally (${reason}); its arguments go to the hub unchecked`,
		),
	);
}

/**
 * Runs `work` on the context's hub session and hands the session back at once: a kept one
 * stays open for the next call or execution, one of its own (a CLI run) ends. Nothing is
 * left for n8n to close later.
 */
export async function onHub<T>(
	ctx: HubContext,
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

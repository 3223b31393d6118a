import type { ICredentialDataDecryptedObject, IExecuteFunctions, ILoadOptionsFunctions, ISupplyDataFunctions } from 'n8n-workflow';

/** Every context a Civic node reaches the hub from: executions, the agent's sub-node calls, the editor. */
export type HubContext = IExecuteFunctions | ISupplyDataFunctions | ILoadOptionsFunctions;
import type { HubErrorContext } from '../transport/hubErrors';
import { CIVIC_CREDENTIAL_TYPE, cleanToken, readCredentials, type CivicCredentials } from '../transport/credentials';
import { HubClient } from '../transport/hubClient';
import { toNodeError } from './nodeError';

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
	let hub: HubClient | undefined;
	try {
		const credentials = readCredentials(data);
		hub = await HubClient.connect(credentials, { timeoutMs, signal: signalOf(ctx), reuse: reuseFor(ctx) });
		return await work(hub, credentials);
	} catch (error) {
		throw toNodeError(ctx.getNode(), error, errorContext);
	} finally {
		await hub?.close();
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

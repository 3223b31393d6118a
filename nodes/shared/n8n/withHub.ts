import { warmArgumentChecks } from '../tools/schemaValidator';
import { ToolCatalogue } from '../tools/toolCatalogue';
import { CIVIC_APP_CREDENTIAL_TYPE } from '../credentials/civicAppCredential';
import { CIVIC_CREDENTIAL_TYPE } from '../credentials/civicApiCredential';
import { CIVIC_OAUTH2_CREDENTIAL_TYPE } from '../credentials/civicOAuth2Credential';
import type { HubAccess } from '../transport/hubAccess';
import { HubClient } from '../transport/hubClient';
import { HubHttpError, TokenExpiredError } from '../transport/hubErrors';
import { DEFAULT_RETRY_POLICY } from '../transport/retry';
import { closeSessionsOf } from '../transport/sessionPool';
import { signalOf, type HubContext } from './contexts';
import { readNodeAccess, type NodeAccess } from './nodeAccess';
import { toNodeError } from './nodeError';


export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Takes a hub session as the node's credential says (a kept one when there is one), runs
 * `work` on the first item's access, and always hands the session back. Failures come out
 * as n8n errors with every secret scrubbed.
 */
export async function withHub<T>(
	ctx: HubContext,
	work: (hub: HubClient, catalogue: ToolCatalogue) => Promise<T>,
	timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<T> {
	const access = await readNodeAccess(ctx, timeoutMs);
	try {
		return await onItemHub(ctx, access, 0, { timeoutMs, profile: access.errorContext.profile }, work);
	} catch (error) {
		throw toNodeError(ctx.getNode(), error, access.errorContext);
	}
}


/**
 * Sessions are kept per credential: its id, where the context knows it. A one-off run (`n8n
 * execute`) exits right after its execution, so there the session is kept for that
 * execution alone (an agent's calls and listings share it) and ended when the execution
 * finishes, before the process exits; where that cannot be hooked, each call has its own.
 */
export function reuseFor(ctx: HubContext): { credentialId?: string } | undefined {
	const credentials = ctx.getNode().credentials;
	const credentialId = (credentials?.[CIVIC_CREDENTIAL_TYPE] ?? credentials?.[CIVIC_APP_CREDENTIAL_TYPE] ?? credentials?.[CIVIC_OAUTH2_CREDENTIAL_TYPE])?.id ?? undefined;
	if (!('getMode' in ctx) || ctx.getMode?.() !== 'cli') return { credentialId };
	const executionId = 'getExecutionId' in ctx ? ctx.getExecutionId() : undefined;
	if (!executionId) return undefined;
	const key = `${credentialId ?? ''}@${executionId}`;
	if (endingWithExecution.has(key)) return { credentialId: key };
	if (!onExecutionFinish(ctx, () => closeSessionsOf(key).finally(() => endingWithExecution.delete(key)))) return undefined;
	endingWithExecution.add(key);
	return { credentialId: key };
}

/** Executions whose sessions end with them: the hook is added once per execution and credential. */
const endingWithExecution = new Set<string>();

type FinishHooks = { addHandler?: (hook: 'workflowExecuteAfter', handler: (run: { status?: string }) => Promise<void>) => void };

/**
 * Runs `handler` when the execution finishes. n8n 2.x offers `onExecutionFinish`; n8n 1.x has
 * the same execution hook (`workflowExecuteAfter`) it is built on, on the context's
 * additional data. False where neither is there.
 */
function onExecutionFinish(ctx: HubContext, handler: () => Promise<void>): boolean {
	const offered = (ctx as { onExecutionFinish?: (handler: () => Promise<void>) => void }).onExecutionFinish;
	if (typeof offered === 'function') {
		offered.call(ctx, handler);
		return true;
	}
	const hooks = (ctx as unknown as { additionalData?: { hooks?: FinishHooks } }).additionalData?.hooks;
	if (typeof hooks?.addHandler !== 'function') return false;
	hooks.addHandler('workflowExecuteAfter', async (run) => {
		// a run waiting for a person (human review) goes on later, in this process or another
		if (run?.status !== 'waiting') await handler();
	});
	return true;
}

/** The hub session an execution runs its calls on: a kept one when there is one, with the execution's cancel signal. */
export function connectForExecution(ctx: HubContext, access: HubAccess, options: HubOptions): Promise<HubClient> {
	return HubClient.connect(access, {
		timeoutMs: options.timeoutMs,
		signal: signalOf(ctx),
		retry: { ...DEFAULT_RETRY_POLICY, maxRetries: options.retries ?? DEFAULT_RETRY_POLICY.maxRetries },
		reuse: reuseFor(ctx),
		handshake: { work: options.checksArguments ? warmArgumentChecks : undefined, connections: options.parallelism },
	});
}

export interface HubOptions {
	timeoutMs: number;
	retries?: number;
	/** The session's work is checked tool calls: a cold process prepares its checks during the handshake. */
	checksArguments?: boolean;
	/** Calls that will run at once (Parallel Calls): their connections are opened during the handshake. */
	parallelism?: number;
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
	access: HubAccess,
	options: HubOptions & { profile: string },
	work: (hub: HubClient, catalogue: ToolCatalogue) => Promise<T>,
): Promise<T> {
	const hub = await connectForExecution(ctx, access, options);
	try {
		return await work(hub, executionCatalogue(ctx, hub, options.profile));
	} finally {
		await hub.close();
	}
}

/**
 * `onHub` for one item as the node's access says. A token the hub refuses (401: nothing ran)
 * or that ran out before a request left is renewed once, where the credential can renew
 * (Civic OAuth2), and the work is run again.
 */
export async function onItemHub<T>(
	ctx: HubContext,
	access: NodeAccess,
	itemIndex: number,
	options: HubOptions & { profile: string },
	work: (hub: HubClient, catalogue: ToolCatalogue) => Promise<T>,
): Promise<T> {
	const first = await access.forItem(itemIndex);
	try {
		return await onHub(ctx, first, options, work);
	} catch (error) {
		if (!access.renew || !tokenRefused(error)) throw error;
		await access.renew(first);
		return onHub(ctx, await access.forItem(itemIndex), options, work);
	}
}

function tokenRefused(error: unknown): boolean {
	return (error instanceof HubHttpError && error.status === 401) || error instanceof TokenExpiredError;
}

/** Where an execution's items run: `run` gives item i its hub session; `close` hands back what is held. */
export interface ItemHubs {
	run<T>(itemIndex: number, work: (hub: HubClient, catalogue: ToolCatalogue) => Promise<T>): Promise<T>;
	close(): Promise<void>;
}

/**
 * One person's token: one session for the whole run, opened now, so a hub that refuses the
 * token fails the run once, before any item. A Civic App's users: each item takes its own
 * user's session and hands it back when done, so a run of many users never holds them all.
 */
export async function itemHubs(
	ctx: HubContext,
	access: NodeAccess,
	hubOptions: Omit<HubOptions, 'checksArguments'> & { profile: string },
): Promise<ItemHubs> {
	const options = { ...hubOptions, checksArguments: true };
	// a renewable token is taken per item too, so that a renewal mid-run reaches the items after it
	if (access.perUser || access.renew) {
		return { run: (i, work) => onItemHub(ctx, access, i, options, work), close: async () => undefined };
	}
	const hub = await connectForExecution(ctx, await access.forItem(0), options);
	const catalogue = executionCatalogue(ctx, hub, options.profile);
	return { run: (_i, work) => work(hub, catalogue), close: () => hub.close() };
}

import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { IDataObject } from 'n8n-workflow';
import type { CallOptions, HubClient } from '../transport/hubClient';
import { HubHttpError } from '../transport/hubErrors';
import { readJobStatus, type JobState } from './jobStatus';
import { sleep } from '../transport/retry';
import {
	ApprovalPendingError,
	AuthorizationFailedError,
	AuthorizationRequiredError,
	PromotionRequiredError,
	readAuthorizationReply,
	type AuthorizationReply,
} from './authorizationReply';

/** Resumes a tool call once its authorization is approved (`civic:rest-auth`). */
export const CONTINUE_JOB_TOOL = 'continue_job';
/** Civic's own client polls every 2 s. */
export const POLL_INTERVAL_MS = 2_000;
/** Multi-step authorizations (one service after another) end well before this. */
const MAX_STEPS = 5;

export interface AuthorizationWait {
	/** How long a person may take to authorize, over all steps; 0 fails at once with the URL. */
	waitMs: number;
	signal?: AbortSignal;
	/** For `continue_job`, which resumes the original call and may run as long. */
	callOptions: CallOptions;
	/** Told once per job, when the node starts waiting. */
	onWait?: (authUrl: string | undefined, secondsLeft: number) => void;
	pollIntervalMs?: number;
}

/**
 * Turns a tool result that says "authorize first" into the real result, or into an error:
 * never into a success. With a wait, it asks Civic's status endpoint (GET once, then HEAD
 * every 2 s, as Civic's reference client does) and resumes the call with `continue_job`;
 * the resumed call may ask for the next authorization, up to a few steps.
 */
export async function settleAuthorization(
	hub: HubClient,
	tool: string,
	result: CallToolResult,
	wait: AuthorizationWait,
): Promise<CallToolResult> {
	const started = Date.now();
	for (let step = 1; ; step++) {
		const reply = readAuthorizationReply(result, hub.hubUrl);
		if (!reply) return result;
		if (reply.kind === 'promotion') throw new PromotionRequiredError(tool, reply.text);
		// Without a status endpoint nobody can tell when the person is done.
		if (reply.kind === 'url') throw new AuthorizationRequiredError(tool, reply.url, reply.text);
		if (step > MAX_STEPS) {
			throw new AuthorizationFailedError(tool, `Civic asked for more than ${MAX_STEPS} authorizations in a row; stopped`);
		}
		await awaitApproval(hub, tool, reply, started, wait);
		result = await hub.callTool(CONTINUE_JOB_TOOL, { jobId: reply.jobId }, wait.callOptions);
	}
}

async function awaitApproval(
	hub: HubClient,
	tool: string,
	reply: Extract<AuthorizationReply, { kind: 'job' }>,
	started: number,
	wait: AuthorizationWait,
): Promise<void> {
	// The job may already be approved (a person authorized it before); GET also gives the page to open.
	let status = await askJob(hub, tool, reply.pollingUrl, 'GET');
	const authUrl = status.state === 'waiting' ? status.authUrl : undefined;
	let told = false;
	while (status.state !== 'approved') {
		if (status.state === 'failed') throw new AuthorizationFailedError(tool, status.error);
		const left = started + wait.waitMs - Date.now();
		if (left <= 0) {
			const waited = Math.round((Date.now() - started) / 1000);
			// a job still waiting with no page to open waits for a person in Civic, not for a sign-in
			if (!authUrl) throw new ApprovalPendingError(tool, reply.text, waited);
			throw new AuthorizationRequiredError(tool, authUrl, reply.text, waited);
		}
		if (!told) wait.onWait?.(authUrl, Math.ceil(left / 1000));
		told = true;
		await sleep(Math.min(wait.pollIntervalMs ?? POLL_INTERVAL_MS, left), wait.signal);
		if (wait.signal?.aborted) throw new Error(`The execution was cancelled while waiting for authorization of "${tool}"`);
		status = await askJob(hub, tool, reply.pollingUrl, 'HEAD');
	}
}

async function askJob(hub: HubClient, tool: string, pollingUrl: string, method: 'GET' | 'HEAD'): Promise<JobState> {
	try {
		const status = await readJobStatus(hub, pollingUrl, method);
		// HEAD carries no body: Civic's reason for a failed job needs one GET.
		return status.state === 'failed' && method === 'HEAD' ? await askJob(hub, tool, pollingUrl, 'GET') : status;
	} catch (error) {
		// 401 keeps the token's own message; these two are about the job.
		if (error instanceof HubHttpError && error.status === 404) {
			throw new AuthorizationFailedError(tool, 'Civic no longer knows this authorization job (HTTP 404); it may have expired');
		}
		if (error instanceof HubHttpError && error.status === 403) {
			throw new AuthorizationFailedError(tool, 'The token may not read this authorization job (HTTP 403)');
		}
		throw error;
	}
}

/** Fields an error item carries, so the next node can send the page to a person. */
export function authorizationFields(error: unknown): IDataObject {
	if (error instanceof AuthorizationRequiredError) {
		return { tool: error.tool, ...(error.url ? { authorizationUrl: error.url } : {}) };
	}
	if (error instanceof PromotionRequiredError || error instanceof AuthorizationFailedError) return { tool: error.tool };
	return {};
}

/**
 * What an AI Agent's model reads instead of an error: Civic's guidance is to ask the user
 * to authorize, then retry.
 */
export function agentNotice(error: unknown, profile: string): IDataObject | undefined {
	if (error instanceof ApprovalPendingError) {
		return {
			...authorizationFields(error),
			message: `This action is waiting for approval in Civic. Please ask the user to approve it on app.civic.com for profile "${profile}" — once it is approved, retry the action.`,
		};
	}
	if (error instanceof AuthorizationRequiredError) {
		const where = error.url ? `at: ${error.url}` : `on app.civic.com for profile "${profile}"`;
		return {
			...authorizationFields(error),
			message: `This action requires authorization. Please ask the user to authorize ${where} — once they have completed authorization, retry the action.`,
		};
	}
	if (error instanceof PromotionRequiredError) {
		return {
			...authorizationFields(error),
			message: `This action cannot run yet: a matching credential exists in Civic but is not assigned to profile "${profile}". Please ask the user to have an account admin assign it on Civic's authorizations page, then retry the action.`,
		};
	}
	return undefined;
}

import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { HubHttpError, networkCode, ReplyLostError, RetriesExhaustedError } from './hubErrors';

export interface RetryPolicy {
	/** Retries after the first attempt; 0 turns retrying off. */
	maxRetries: number;
	/** First backoff; doubles each retry (with jitter), unless the hub sent Retry-After. */
	baseDelayMs: number;
	/** Longest wait between attempts, also for a Retry-After. */
	maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 30_000 };

/** Statuses that mean "not now": the hub or a proxy in front of it is overloaded or restarting. */
const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);
/** Replies sent before the request was processed: a tool call that got one never ran. */
const NOT_PROCESSED_STATUSES = new Set([429, 503]);
/** Refused before anything was sent. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
/** The connection broke; the request may or may not have been processed. */
const BROKEN_CODES = /^(ECONNRESET|EPIPE|ETIMEDOUT|UND_ERR_SOCKET|UND_ERR_CLOSED|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT)$/;

/** Worth another attempt at all (for requests that are safe to repeat). */
export function isTransient(error: unknown): boolean {
	// a lost reply is a broken connection by another name: the request may have been processed
	if (error instanceof ReplyLostError) return true;
	if (error instanceof HubHttpError) return TRANSIENT_STATUSES.has(error.status);
	const code = networkCode(error);
	return code !== undefined && (NOT_SENT_CODES.has(code) || BROKEN_CODES.test(code));
}

/** The request surely did not reach the tool, so even a non-idempotent call may be repeated. */
export function surelyNotProcessed(error: unknown): boolean {
	if (error instanceof HubHttpError) return NOT_PROCESSED_STATUSES.has(error.status);
	const code = networkCode(error);
	return code !== undefined && NOT_SENT_CODES.has(code);
}

/**
 * Runs `attempt` until it succeeds, the error is not `retryable`, or the policy's retries
 * are used up. A failure after more than one attempt, or one that was not retried because
 * retrying was unsafe, comes out as RetriesExhaustedError so messages can say so.
 */
export async function withRetries<T>(
	attempt: () => Promise<T>,
	policy: RetryPolicy,
	retryable: (error: unknown) => boolean,
	signal?: AbortSignal,
): Promise<T> {
	for (let attempts = 1; ; attempts++) {
		try {
			return await attempt();
		} catch (error) {
			if (!isTransient(error)) throw attempts > 1 ? new RetriesExhaustedError(error, attempts, 'exhausted') : error;
			if (!retryable(error)) throw new RetriesExhaustedError(error, attempts, 'unsafe');
			if (attempts > policy.maxRetries || signal?.aborted) {
				throw new RetriesExhaustedError(error, attempts, 'exhausted');
			}
			await sleep(delayFor(error, attempts, policy), signal);
		}
	}
}

function delayFor(error: unknown, attempts: number, policy: RetryPolicy): number {
	const retryAfter = error instanceof HubHttpError ? error.retryAfterMs : undefined;
	const backoff = policy.baseDelayMs * 2 ** (attempts - 1) * (0.75 + Math.random() * 0.5);
	return Math.min(policy.maxDelayMs, retryAfter ?? backoff);
}

/** Waits `ms`, or less when the signal aborts; never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(done, ms);
		signal?.addEventListener('abort', done, { once: true });
		function done() {
			clearTimeout(timer);
			signal?.removeEventListener('abort', done);
			resolve();
		}
	});
}

/**
 * Waits for `work` unless `signal` aborts first. Work shared by several executions (a kept
 * session's handshake, its tool listing) runs on no one's signal: one execution's Stop ends
 * its own wait, never the work the others wait for.
 */
export function abortable<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
	if (!signal) return work;
	const cancelled = () => {
		const reason = signal.reason as { name?: string } | undefined;
		// AbortSignal.timeout() gives up with a DOMException: said as the SDK says its own timeouts
		if (reason?.name === 'TimeoutError') return new McpError(ErrorCode.RequestTimeout, 'Request timed out');
		return reason instanceof Error ? reason : new Error('The execution was cancelled');
	};
	if (signal.aborted) return Promise.reject(cancelled());
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(cancelled());
		signal.addEventListener('abort', onAbort, { once: true });
		work.then(
			(value) => {
				signal.removeEventListener('abort', onAbort);
				resolve(value);
			},
			(error: unknown) => {
				signal.removeEventListener('abort', onAbort);
				reject(error);
			},
		);
	});
}

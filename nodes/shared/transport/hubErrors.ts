import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { TOKEN_PAGE_HINT } from '../credentials/civicApiCredential';
import { CredentialFieldError } from '../credentials/credentialFields';
import { clipped, scrub } from './scrub';

/** A non-2xx HTTP reply from the hub, with what the SDK's own error leaves out. */
export class HubHttpError extends Error {
	constructor(
		readonly status: number,
		/** The hub's own explanation: WWW-Authenticate description, JSON error or page text. */
		readonly hubMessage: string,
		readonly retryAfterMs?: number,
	) {
		super(`HTTP ${status}${hubMessage ? `: ${hubMessage}` : ''}`);
		this.name = 'HubHttpError';
	}

	/** From a refused request: its status, body and the headers that explain it. */
	static fromReply(status: number, body: string, wwwAuthenticate?: string, retryAfter?: string): HubHttpError {
		return new HubHttpError(status, hubText(wwwAuthenticate, body), parseRetryAfter(retryAfter));
	}
}

/**
 * A call's stream was lost after the call reached the hub: the hub paused it and then no
 * longer knew the session (or refused the resuming GET). The tool may have run, so the call
 * must not be sent again on a new session, as a lost connection is not.
 */
export class ReplyLostError extends Error {
	constructor(
		readonly status: number,
		readonly hubMessage: string,
	) {
		super(`The hub lost the call's paused stream (HTTP ${status} when resuming it)`);
		this.name = 'ReplyLostError';
	}
}

/** A reply larger than the node reads: a hostile or broken server must not fill n8n's memory. */
export class ReplyTooLargeError extends Error {
	constructor(
		readonly limitBytes: number,
		readonly from: string,
	) {
		super(`The reply from ${from} is larger than ${formatBytes(limitBytes)}, the most this node reads`);
		this.name = 'ReplyTooLargeError';
	}
}

/** The token's own expiry has passed: nothing is sent with it (the hub would answer 401). */
export class TokenExpiredError extends Error {
	constructor(readonly expiredAt: number) {
		super(`The token expired at ${new Date(expiredAt).toISOString()}; nothing was sent with it`);
		this.name = 'TokenExpiredError';
	}
}

/** The hub pointed at another origin (a status endpoint, a redirect): the token is not sent there. */
export class ForeignOriginError extends Error {
	constructor(
		readonly target: string,
		readonly hubOrigin: string,
		readonly via: 'status endpoint' | 'redirect' = 'status endpoint',
	) {
		super(`The Civic hub pointed at ${target}, which is not on the hub's own origin (${hubOrigin})`);
		this.name = 'ForeignOriginError';
	}
}

/** The tool ran and reported a failure (`isError: true`). */
export class ToolError extends Error {
	constructor(
		readonly tool: string,
		readonly toolMessage: string,
	) {
		super(toolMessage);
		this.name = 'ToolError';
	}
}

/** The error of the last attempt, and how many attempts were made. */
export class RetriesExhaustedError extends Error {
	constructor(
		readonly lastError: unknown,
		readonly attempts: number,
		readonly reason: 'exhausted' | 'unsafe',
	) {
		super(lastError instanceof Error ? lastError.message : String(lastError));
		this.name = 'RetriesExhaustedError';
	}
}

export interface HubErrorContext {
	hubUrl: string;
	profile: string;
	accountId: string;
	timeoutMs: number;
	/** Scrubbed from every message, whatever produced it. */
	token: string;
	/** More to scrub: a Civic App's secret, its users' tokens and their exchanged tokens, as they become known. */
	secrets?: string[];
	/** Set when the node acts as an app's end users (Civic App): the hub's refusals are then about a user's token. */
	appUsers?: boolean;
}

export interface HubErrorDescription {
	message: string;
	description?: string;
	httpCode?: string;
}

/** The connection was open and the request sent when it broke. */
const BROKE_MID_REQUEST = /^(ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED)$/;

const NETWORK_CODES =
	/^(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EPIPE|UND_ERR_\w+|CERT_\w+|ERR_TLS_\w+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_\w+)$/;

/** Turns anything the hub, the network or the SDK threw into words a person can act on. */
export function describeHubError(error: unknown, ctx: HubErrorContext): HubErrorDescription {
	const host = safeHost(ctx.hubUrl);
	const hubSaid = (text: string) => (text ? ` The hub said: "${hubWords(text, ctx)}".` : '');
	let result: HubErrorDescription;

	if (error instanceof RetriesExhaustedError) {
		const last = describeHubError(error.lastError, ctx);
		const note =
			error.reason === 'unsafe'
				? ' The request may have reached the tool, which is not marked idempotent, so it was not repeated: check whether it took effect before running it again.'
				: ` Gave up after ${error.attempts} attempts.`;
		result = { ...last, description: `${last.description ?? ''}${note}`.trim() };
	} else if ((error as Error | undefined)?.name === 'ZodError') {
		// the SDK checks each reply's shape against MCP's: for a tool call, the tool may have run
		result = {
			message: "The Civic hub's reply does not have the shape MCP prescribes for it",
			description: 'The request reached the hub and was not repeated: for a tool call, check whether it took effect. A proxy or the hub answered with something else than MCP; check the Hub URL, or try again later.',
		};
	} else if ((error as Error | undefined)?.name === 'SyntaxError' || (error instanceof McpError && error.code === -32700)) {
		// by name: a JSON parse may fail in another realm (a sandboxed expression), where instanceof does not match
		result = {
			message: 'The Civic hub sent a reply that is not valid JSON',
			description: 'A proxy or the hub answered with something else than MCP; check the Hub URL, or try again later.',
		};
	} else if (error instanceof ForeignOriginError) {
		result = {
			message: `Refused to send the Civic token to ${error.target}: it is not the hub's own origin`,
			description:
				error.via === 'redirect'
					? `The hub (${error.hubOrigin}) redirected the request there; the token goes only to the hub, so the redirect was not followed. If the hub has moved, set the Hub URL to its new address.`
					: `The hub (${error.hubOrigin}) named a status endpoint elsewhere; the token goes only to the hub. Nothing was sent there. Check the Hub URL, or ask Civic.`,
		};
	} else if (error instanceof ReplyLostError) {
		result = {
			message: `The connection to the Civic hub at ${host} broke before its reply arrived`,
			description: `The hub paused the call's stream, then answered HTTP ${error.status} when it was resumed (it no longer knew the session). The request had reached the hub, which may have acted on it.`,
		};
	} else if (error instanceof ReplyTooLargeError) {
		result = {
			message: error.message,
			description: 'Ask the tool for less at a time (a smaller page, a date range, fewer fields), or raise the limit with CIVIC_MAX_REPLY_MB in n8n\'s environment.',
		};
	} else if (error instanceof TokenExpiredError) {
		result = {
			message: `The Civic token expired at ${new Date(error.expiredAt).toISOString()} while the execution was running`,
			description: ctx.appUsers ? "The end user's Civic token ran out; run again to exchange a new one." : TOKEN_PAGE_HINT,
		};
	} else if (error instanceof CredentialFieldError) {
		result = { message: error.message, description: `Open the ${error.credential} credential and correct this field.` };
	} else if (error instanceof ToolError) {
		result = { message: `The tool "${error.tool}" reported an error: ${error.toolMessage}` };
	} else if (error instanceof HubHttpError) {
		result = describeHttp(error, ctx, host, hubSaid(error.hubMessage));
	} else if (error instanceof McpError && error.code === -32001) {
		result = {
			message: `The Civic hub did not answer within ${seconds(ctx.timeoutMs)}`,
			description: 'Raise the Timeout option for slow tools, or try again later if the hub is busy.',
		};
	} else if (error instanceof McpError) {
		result = { message: `The Civic hub returned an error: ${error.message.replace(/^MCP error -?\d+: /, '')}` };
	} else {
		const code = networkCode(error);
		if (code && BROKE_MID_REQUEST.test(code)) {
			result = {
				message: `The connection to the Civic hub at ${host} broke before its reply arrived`,
				description: `Error code ${code}. The request had reached the hub, which may have acted on it. A proxy or the network in between may have cut it; try again.`,
			};
		} else if (code) {
			// The code stays out of the message: n8n replaces any message containing one with a generic text.
			result = {
				message: `Cannot reach the Civic hub at ${host}: ${networkProblem(code)}`,
				description: `Error code ${code}. Check the Hub URL in the Civic API credential (${ctx.hubUrl.split('?')[0]}) and that this n8n instance can reach it.`,
			};
		} else {
			result = { message: error instanceof Error ? error.message : String(error) };
		}
	}
	return {
		...result,
		message: scrubFor(result.message, ctx),
		description: result.description && scrubFor(result.description, ctx),
	};
}

function describeHttp(error: HubHttpError, ctx: HubErrorContext, host: string, hubSaid: string): HubErrorDescription {
	const httpCode = String(error.status);
	if (ctx.appUsers && (error.status === 401 || error.status === 403)) {
		return {
			httpCode,
			message: `Civic refused this end user's exchanged token (HTTP ${error.status})`,
			description:
				`${hubSaid} The Civic App's exchange gave a token the hub does not accept` +
				(error.status === 403 ? `${ctx.profile ? ` for profile ${ctx.profile}` : ''}: check the Profile ID of the Civic App credential.` : ': run again; if it persists, check the Hub URL of the Civic App credential.'),
		};
	}
	switch (error.status) {
		case 401:
			return {
				httpCode,
				message: 'Civic rejected the token (HTTP 401): it is expired, revoked or not a Civic token',
				description: `${hubSaid} ${TOKEN_PAGE_HINT}`.trim(),
			};
		case 403:
			return {
				httpCode,
				message: `The token does not grant access to profile "${ctx.profile}" in account "${ctx.accountId}" (HTTP 403)`,
				description: `${hubSaid} Check the Account ID and Profile fields of the credential, or generate a token for this profile.`.trim(),
			};
		case 404:
			return {
				httpCode,
				message: `The Civic hub URL cannot be reached: ${host} answered 404 Not Found`,
				description: 'Check the Hub URL in the Civic API credential (the default is https://app.civic.com/hub/mcp).',
			};
		case 429:
			return {
				httpCode,
				message: 'The Civic hub is limiting requests (HTTP 429)',
				description:
					`${hubSaid} ${error.retryAfterMs !== undefined ? `It asked to wait ${Math.ceil(error.retryAfterMs / 1000)} s. ` : ''}` +
					'Lower the parallelism or run the workflow less often.',
			};
		default:
			return {
				httpCode,
				message: `The Civic hub answered HTTP ${error.status}${error.hubMessage ? `: ${hubWords(error.hubMessage, ctx)}` : ''}`,
				description:
					error.status >= 500
						? 'The hub or a proxy in front of it failed; try again later.'
						: error.status < 300
							? 'A proxy or the hub answered with something else than MCP; check the Hub URL, or try again later.'
							: undefined,
			};
	}
}

/** Finds a network error code however deeply the HTTP layer and the SDK have wrapped it. */
export function networkCode(error: unknown): string | undefined {
	for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
		if (typeof e.code === 'string' && NETWORK_CODES.test(e.code)) return e.code;
		e = e.cause as typeof e;
	}
	return undefined;
}

function networkProblem(code: string): string {
	if (code === 'ECONNREFUSED') return 'connection refused';
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host name not found';
	if (code === 'ECONNRESET' || code.startsWith('UND_ERR') || code === 'EPIPE') return 'connection closed unexpectedly';
	if (code === 'ETIMEDOUT') return 'connection timed out';
	if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'host unreachable';
	return 'TLS certificate problem';
}

/** Every secret the context knows, scrubbed from a text. */
export function scrubFor(text: string, ctx: Pick<HubErrorContext, 'token' | 'secrets'>): string {
	return scrub(text, [ctx.token, ...(ctx.secrets ?? [])]);
}

/** What the hub or Civic Auth said, fit for a message: its secrets scrubbed first, then clipped. */
export function hubWords(text: string, ctx: Pick<HubErrorContext, 'token' | 'secrets'>): string {
	return clipped(scrubFor(text, ctx));
}

function formatBytes(bytes: number): string {
	return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

function seconds(ms: number): string {
	const s = Math.max(1, Math.round(ms / 1000));
	return `${s} second${s === 1 ? '' : 's'}`;
}

function safeHost(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}

/**
 * Longest explanation kept from a reply: room for any real message, after the secrets in it
 * are scrubbed (messages clip it further; see hubWords).
 */
const MAX_HUB_TEXT = 4_000;

/** The hub's explanation: WWW-Authenticate first, then a JSON error body, then page text. */
function hubText(wwwAuthenticate: string | undefined, body: string): string {
	const described = wwwAuthenticate && /error_description="([^"]*)"/.exec(wwwAuthenticate.slice(0, MAX_HUB_TEXT));
	if (described) return described[1];
	try {
		const json = JSON.parse(body) as {
			error_description?: string;
			error?: string | { message?: string };
			message?: string;
		};
		const text =
			json.error_description ?? (typeof json.error === 'object' ? json.error.message : json.error) ?? json.message;
		if (typeof text === 'string' && text) return text.slice(0, MAX_HUB_TEXT);
	} catch {
		// not JSON: an HTML error page or plain text
	}
	return pageText(body).slice(0, MAX_HUB_TEXT);
}

/**
 * The words of an HTML page or plain text, in one pass: tags out, script and style blocks out,
 * white space folded. A regular expression here would be quadratic on a page of unclosed tags.
 */
export function pageText(html: string): string {
	const lower = html.toLowerCase();
	let out = '';
	let space = false;
	/** Once no '>' follows, no '<' opens a tag: asking again for each would be quadratic. */
	let tagsEnded = false;
	for (let i = 0; i < html.length; ) {
		const c = html[i];
		const close = c === '<' && !tagsEnded ? html.indexOf('>', i + 1) : -1;
		if (c === '<' && close < 0) tagsEnded = true;
		if (close >= 0) {
			const tag = /^<(script|style)\b/.exec(lower.slice(i, i + 8));
			if (tag) {
				const end = lower.indexOf(`</${tag[1]}`, close);
				i = end < 0 ? html.length : html.indexOf('>', end) + 1 || html.length;
			} else i = close + 1;
			space = true;
			continue;
		}
		if (/\s/.test(c)) space = true;
		else {
			if (space && out) out += ' ';
			space = false;
			out += c;
		}
		i++;
	}
	return out;
}

function parseRetryAfter(value: string | undefined): number | undefined {
	if (!value) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

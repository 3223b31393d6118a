import { setMaxListeners } from 'node:events';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
	CallToolResultSchema,
	ErrorCode,
	ListToolsResultSchema,
	McpError,
	type CallToolResult,
	type Progress,
	type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { HubAccess } from './hubAccess';
import { HubHttpError } from './hubErrors';
import { HubSession } from './hubSession';
import { hubRequest, type HubReply } from './hubHttp';
import type { HandshakeWait } from './hubTransport';
import { sameOriginUrl } from './hubUrl';
import { leaseSession, sessionIdleMs, type SessionLease } from './sessionPool';
import type { ToolListing } from './toolListing';
import { abortable, DEFAULT_RETRY_POLICY, surelyNotProcessed, withRetries, type RetryPolicy } from './retry';

/** A hub that keeps answering with a next page after this many is looping. */
const MAX_TOOL_PAGES = 100;
/**
 * Each request in flight links one listener to the execution's signal; with Parallel Calls
 * at its maximum (32) that is more than Node's default warning limit.
 */
const MAX_LINKED_REQUESTS = 64;

export interface HubClientOptions {
	/** Per request; a tool call may run longer while it reports progress, up to maxTotalTimeoutMs. */
	timeoutMs: number;
	signal?: AbortSignal;
	retry?: RetryPolicy;
	/**
	 * Keep the session for later executions (see sessionPool), under this credential's id.
	 * Without it the session is this client's alone and ends with close(): the credential
	 * test and token checks must see a fresh handshake.
	 */
	reuse?: { credentialId?: string };
	/**
	 * What a new session does while its handshake's reply is on the way: CPU work a cold start
	 * needs anyway (compiling argument checks), and opening the connections of the requests
	 * that will run at once, instead of between the reply and the first call.
	 */
	handshake?: HandshakeWait;
}

export interface CallOptions {
	/** The tool's own idempotentHint: only then may a call that might have run be repeated. */
	idempotent?: boolean;
	/** When set, progress notifications restart the timeout, up to this total. */
	maxTotalTimeoutMs?: number;
	onprogress?: (progress: Progress) => void;
}

/**
 * What an execution (or an editor call) uses of a hub session: the session itself may be
 * kept across executions, while the timeout, cancel signal and retry policy are this
 * caller's. Knows the hub's HTTP replies, pages through tools/list, and keeps the listing
 * for a few minutes.
 */
export class HubClient {
	private readonly timeoutMs: number;
	private readonly signal?: AbortSignal;
	private readonly retry: RetryPolicy;
	private readonly handshake?: HandshakeWait;
	/** The hub refused the token (401/403): a kept session must not serve anyone again. */
	private refused = false;

	private constructor(
		private readonly session: HubSession,
		private readonly lease: SessionLease | undefined,
		options: HubClientOptions,
	) {
		this.timeoutMs = options.timeoutMs;
		this.signal = options.signal;
		if (this.signal) setMaxListeners(MAX_LINKED_REQUESTS, this.signal);
		this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
		this.handshake = options.handshake;
	}

	/** Opens the session (or takes a kept one); `initialize` is safe to repeat, so transient failures are retried. */
	static async connect(access: HubAccess, options: HubClientOptions): Promise<HubClient> {
		const lease = options.reuse && sessionIdleMs() > 0 ? leaseSession(access, options.reuse.credentialId) : undefined;
		const hub = new HubClient(lease?.session ?? new HubSession(access), lease, options);
		try {
			await withRetries(() => hub.onSession(() => hub.session.open(hub.openOptions)), hub.retry, () => true, hub.signal);
		} catch (error) {
			await hub.close();
			throw error;
		}
		return hub;
	}

	/**
	 * All tools of the profile, every page. A kept session lists them again only after
	 * TOOL_LIST_TTL_MS, or when `fresh` (the editor, an unknown tool, refused arguments).
	 */
	listTools(fresh = false): Promise<Tool[]> {
		return this.waitFor(this.toolListing(fresh).tools);
	}

	/**
	 * The same listing, for finding one tool as soon as its page is in. It may be shared with
	 * other executions, so its pages are read on no one's signal: wait for it with waitFor.
	 */
	toolListing(fresh = false): ToolListing {
		return this.session.tools((onPage) => this.fetchAllTools(onPage), fresh);
	}

	/** Waits for shared work (a listing) until this caller's execution is cancelled. */
	waitFor<T>(work: Promise<T>): Promise<T> {
		return abortable(work, this.signal);
	}

	/** The hub's URL: what a URL the hub names is measured against. */
	get hubUrl(): URL {
		return this.session.access.url;
	}

	/** When the tools this client sees were listed (ms since epoch). */
	get toolsListedAt(): number | undefined {
		return this.session.listedAt;
	}

	/**
	 * Calls a tool. A call is repeated only when it surely never reached the tool, or the
	 * tool declares itself idempotent: a destructive call is never repeated blindly. The
	 * result is the hub's, unchecked against the tool's output schema (see toolOutput).
	 */
	async callTool(name: string, args: Record<string, unknown>, options: CallOptions = {}): Promise<CallToolResult> {
		const extendOnProgress = options.maxTotalTimeoutMs !== undefined;
		const call = () =>
			this.request(
				async (client, signal) =>
					// request, not the SDK's callTool: its output check would throw -32602, as if the hub
					// had refused the arguments, after the tool ran
					(await client.request({ method: 'tools/call', params: { name, arguments: args } }, CallToolResultSchema, {
						timeout: this.timeoutMs,
						signal,
						// progress notifications are what let a long tool outlive the timeout
						onprogress: options.onprogress ?? (extendOnProgress ? () => undefined : undefined),
						resetTimeoutOnProgress: extendOnProgress,
						maxTotalTimeout: options.maxTotalTimeoutMs,
					})) as CallToolResult,
			);
		return withRetries(call, this.retry, options.idempotent ? () => true : surelyNotProcessed, this.signal);
	}

	/**
	 * Done with the session: a kept one goes back for the next execution, unless the hub
	 * refused the token (then it ends); one of this client's own ends now (DELETE, at most a
	 * few seconds). Runs in `finally`, so it never throws.
	 */
	async close(): Promise<void> {
		if (!this.lease) return this.session.close();
		if (this.refused) this.lease.discard();
		else this.lease.release();
	}

	private get openOptions() {
		return { timeoutMs: this.timeoutMs, signal: this.signal, handshake: this.handshake };
	}

	/** One MCP request on the session, with this caller's signal, or none for work shared with others. */
	private request<T>(work: (client: Client, signal: AbortSignal) => Promise<T>, shared = false): Promise<T> {
		const options = shared ? { ...this.openOptions, signal: undefined } : this.openOptions;
		return this.onSession(() =>
			this.session.run(options, (client) =>
				shared ? work(client, new AbortController().signal) : this.withRequestSignal((signal) => work(client, signal)),
			),
		);
	}

	/** Runs `work` on the session, noting a refused token. */
	private async onSession<T>(work: () => Promise<T>): Promise<T> {
		try {
			return await work();
		} catch (error) {
			if (error instanceof HubHttpError && (error.status === 401 || error.status === 403)) this.refused = true;
			throw error;
		}
	}

	/**
	 * The SDK adds an abort listener to a request's signal and never removes it. Handing it
	 * the execution's own signal would pile up one listener per item (10,000 items: 10,000
	 * closures), so each request gets a child signal, linked by one listener we do remove.
	 */
	private async withRequestSignal<T>(request: (signal: AbortSignal) => Promise<T>): Promise<T> {
		const child = new AbortController();
		const parent = this.signal;
		const forward = () => child.abort(parent?.reason);
		if (parent?.aborted) forward();
		parent?.addEventListener('abort', forward, { once: true });
		try {
			return await request(child.signal);
		} finally {
			parent?.removeEventListener('abort', forward);
		}
	}

	/**
	 * A GET or HEAD with the session's token to a URL the hub named (Civic's authorization
	 * status endpoint), only on the hub's own origin: a URL elsewhere is refused before
	 * anything is sent. `read` runs inside the retries, so a 503 it throws is retried: the
	 * request only reads, and is safe to repeat.
	 */
	getOnHubOrigin<T>(target: string, method: 'GET' | 'HEAD', read: (reply: HubReply) => Promise<T>): Promise<T> {
		const ask = () =>
			this.withRequestSignal(async (signal) => {
				const timeout = AbortSignal.timeout(this.timeoutMs);
				try {
					const reply = await hubRequest(sameOriginUrl(target, this.session.access.url), {
						method,
						headers: { ...this.session.access.headers, authorization: `Bearer ${this.session.access.token}`, accept: 'application/json' },
						signal: AbortSignal.any([signal, timeout]),
					});
					return await read(reply);
				} catch (error) {
					if (timeout.aborted) throw new McpError(ErrorCode.RequestTimeout, 'Request timed out');
					throw error;
				}
			});
		return withRetries(ask, this.retry, () => true, this.signal);
	}

	/**
	 * One page of tools/list, as the hub paginates it. A listing is kept and shared by every
	 * execution on the session, so it is read on no execution's signal (see waitFor).
	 */
	listToolsPage(cursor?: string): Promise<{ tools: Tool[]; nextCursor?: string }> {
		const list = () =>
			this.request(
				(client, signal) =>
					client.request({ method: 'tools/list', params: cursor === undefined ? undefined : { cursor } }, ListToolsResultSchema, {
						timeout: this.timeoutMs,
						signal,
					}),
				true,
			);
		return withRetries(list, this.retry, () => true);
	}

	private async fetchAllTools(onPage: (tools: Tool[]) => void): Promise<Tool[]> {
		const tools: Tool[] = [];
		let cursor: string | undefined;
		for (let page = 0; page < MAX_TOOL_PAGES; page++) {
			const result = await this.listToolsPage(cursor);
			tools.push(...result.tools);
			onPage(result.tools);
			cursor = result.nextCursor;
			if (!cursor) return tools;
		}
		throw new Error(`The Civic hub sent more than ${MAX_TOOL_PAGES} pages of tools; stopped reading`);
	}
}

import { setMaxListeners } from 'node:events';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError, type CallToolResult, type Progress, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { CivicCredentials } from './credentials';
import { buildHubUrl } from './hubUrl';
import { HubHttpError } from './hubErrors';
import { hubFetch, MAX_LINKED_REQUESTS } from './hubFetch';
import { readJobStatus, type JobState } from './jobStatus';
import { DEFAULT_RETRY_POLICY, surelyNotProcessed, withRetries, type RetryPolicy } from './retry';

export const CLIENT_INFO = { name: 'n8n-nodes-civic', version: '0.1.0' };
/**
 * Declaring Civic's `civic:rest-auth` makes the hub answer "authorization required" with a
 * job and a status endpoint the node can wait on, instead of only a URL for a person.
 */
export const CLIENT_CAPABILITIES = { experimental: { 'civic:rest-auth': { version: '1.0' } } };
/** A hub that keeps answering with a next page after this many is looping. */
const MAX_TOOL_PAGES = 100;
const CLOSE_TIMEOUT_MS = 3_000;

export interface HubClientOptions {
	/** Per request; a tool call may run longer while it reports progress, up to maxTotalTimeoutMs. */
	timeoutMs: number;
	signal?: AbortSignal;
	retry?: RetryPolicy;
}

export interface CallOptions {
	/** The tool's own idempotentHint: only then may a call that might have run be repeated. */
	idempotent?: boolean;
	/** When set, progress notifications restart the timeout, up to this total. */
	maxTotalTimeoutMs?: number;
	onprogress?: (progress: Progress) => void;
}

/**
 * One MCP session on the Civic hub, shared by every item of an execution. Knows the
 * hub's HTTP replies (through its own fetch), pages through tools/list once, and opens a
 * fresh session when the hub has forgotten this one (404).
 */
export class HubClient {
	private client!: Client;
	private transport!: StreamableHTTPClientTransport;
	private tools?: Promise<Tool[]>;
	private readonly url: URL;

	private readonly timeoutMs: number;
	private readonly signal?: AbortSignal;
	private readonly retry: RetryPolicy;

	private constructor(
		private readonly credentials: CivicCredentials,
		options: HubClientOptions,
	) {
		this.url = buildHubUrl(credentials);
		this.timeoutMs = options.timeoutMs;
		this.signal = options.signal;
		if (this.signal) setMaxListeners(MAX_LINKED_REQUESTS, this.signal);
		this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
	}

	/** Opens the session; `initialize` is safe to repeat, so transient failures are retried. */
	static async connect(credentials: CivicCredentials, options: HubClientOptions): Promise<HubClient> {
		const hub = new HubClient(credentials, options);
		await withRetries(() => hub.open(), hub.retry, () => true, hub.signal);
		return hub;
	}

	/** All tools of the profile, every page; fetched once per client. */
	listTools(): Promise<Tool[]> {
		if (!this.tools) {
			this.tools = this.fetchAllTools();
			// a failed listing is not cached: the next caller tries again
			this.tools.catch(() => (this.tools = undefined));
		}
		return this.tools;
	}

	/**
	 * Calls a tool. A call is repeated only when it surely never reached the tool, or the
	 * tool declares itself idempotent: a destructive call is never repeated blindly.
	 */
	async callTool(name: string, args: Record<string, unknown>, options: CallOptions = {}): Promise<CallToolResult> {
		const extendOnProgress = options.maxTotalTimeoutMs !== undefined;
		const call = () =>
			this.withSession(() =>
				this.withRequestSignal(
					async (signal) =>
						(await this.client.callTool({ name, arguments: args }, undefined, {
							timeout: this.timeoutMs,
							signal,
						// progress notifications are what let a long tool outlive the timeout
						onprogress: options.onprogress ?? (extendOnProgress ? () => undefined : undefined),
							resetTimeoutOnProgress: extendOnProgress,
							maxTotalTimeout: options.maxTotalTimeoutMs,
						})) as CallToolResult,
				),
			);
		return withRetries(call, this.retry, options.idempotent ? () => true : surelyNotProcessed, this.signal);
	}

	/**
	 * Ends the session on the hub (DELETE). Runs in `finally`, so it never throws and waits
	 * at most a few seconds: a hub that does not answer must not hold the execution.
	 */
	async close(): Promise<void> {
		const terminated = this.transport.terminateSession().catch(() => undefined);
		let timer: NodeJS.Timeout | undefined;
		const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)));
		await Promise.race([terminated, gaveUp]);
		clearTimeout(timer);
		await this.client.close().catch(() => undefined);
	}

	private async open(): Promise<void> {
		this.transport = new StreamableHTTPClientTransport(this.url, {
			requestInit: { headers: { Authorization: `Bearer ${this.credentials.token}` } },
			fetch: hubFetch,
		});
		this.client = new Client(CLIENT_INFO, { capabilities: CLIENT_CAPABILITIES });
		await this.client.connect(this.transport, { timeout: this.timeoutMs, signal: this.signal });
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

	/** Runs `work`; if the hub no longer knows the session (404), opens a new one once and retries. */
	private async withSession<T>(work: () => Promise<T>): Promise<T> {
		try {
			return await work();
		} catch (error) {
			if (!(error instanceof HubHttpError && error.status === 404)) throw error;
			await this.client.close().catch(() => undefined);
			await this.open();
			return work();
		}
	}

	/**
	 * Asks Civic's status endpoint for an authorization job, with the session's token and
	 * only on the hub's own origin. Safe to repeat, so transient failures are retried.
	 */
	jobStatus(pollingUrl: string, method: 'GET' | 'HEAD'): Promise<JobState> {
		const ask = () =>
			this.withRequestSignal(async (signal) => {
				const timeout = AbortSignal.timeout(this.timeoutMs);
				try {
					return await readJobStatus({
						pollingUrl,
						method,
						hubUrl: this.url,
						token: this.credentials.token,
						signal: AbortSignal.any([signal, timeout]),
						fetch: hubFetch,
					});
				} catch (error) {
					if (timeout.aborted) throw new McpError(ErrorCode.RequestTimeout, 'Request timed out');
					throw error;
				}
			});
		return withRetries(ask, this.retry, () => true, this.signal);
	}

	/** One page of tools/list, as the hub paginates it. */
	listToolsPage(cursor?: string): Promise<{ tools: Tool[]; nextCursor?: string }> {
		const list = () =>
			this.withSession(() =>
				this.withRequestSignal((signal) =>
					this.client.listTools(cursor === undefined ? undefined : { cursor }, { timeout: this.timeoutMs, signal }),
				),
			);
		return withRetries(list, this.retry, () => true, this.signal);
	}

	private async fetchAllTools(): Promise<Tool[]> {
		const tools: Tool[] = [];
		let cursor: string | undefined;
		for (let page = 0; page < MAX_TOOL_PAGES; page++) {
			const result = await this.listToolsPage(cursor);
			tools.push(...result.tools);
			cursor = result.nextCursor;
			if (!cursor) return tools;
		}
		throw new Error(`The Civic hub sent more than ${MAX_TOOL_PAGES} pages of tools; stopped reading`);
	}
}

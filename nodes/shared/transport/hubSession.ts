import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { JsonSchemaValidator, jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import type { HubAccess } from './hubAccess';
import { HubHttpError } from './hubErrors';
import { HubTransport, type HandshakeWait } from './hubTransport';
import { keptListing, listingAt } from './toolListCache';
import { ToolListing, type ListPages } from './toolListing';
import { abortable } from './retry';

export const CLIENT_INFO = { name: 'n8n-nodes-civic', version: '0.1.0' };
/**
 * Declaring Civic's `civic:rest-auth` makes the hub answer "authorization required" with a
 * job and a status endpoint the node can wait on, instead of only a URL for a person.
 */
export const CLIENT_CAPABILITIES = { experimental: { 'civic:rest-auth': { version: '1.0' } } };
/**
 * How long a listing of the profile's tools is used before it is asked again. A tool added in
 * Civic shows up within this time; an unknown tool name or arguments the hub refuses ask at
 * once (see ToolCatalogue and runTool).
 */
export const TOOL_LIST_TTL_MS = 5 * 60_000;
const CLOSE_TIMEOUT_MS = 3_000;
/**
 * The SDK's own check of structured output is switched off: it would compile every output
 * schema of every listing into one process-wide cache that never forgets (and freeze a
 * schema with an `$id` at its first version), and its refusal looks like the hub refusing
 * the arguments (-32602) after the tool has run. Output is checked in the tools layer instead
 * (toolOutput), keyed by the schema's content, and told apart from refused arguments.
 */
const NO_SDK_OUTPUT_CHECKS: jsonSchemaValidator = {
	getValidator<T>(): JsonSchemaValidator<T> {
		return (input) => ({ valid: true, data: input as T, errorMessage: undefined });
	},
};

export interface OpenOptions {
	timeoutMs: number;
	signal?: AbortSignal;
	/** What to do while the handshake's reply is on the way (see HubClientOptions). */
	handshake?: HandshakeWait;
}

/**
 * One MCP session on the hub: the SDK's Client over our transport, opened once, reopened
 * when the hub has forgotten it (404), and the profile's tools as last listed. Several
 * executions may use one session at the same time; each brings its own timeout and signal.
 */
export class HubSession {
	private client!: Client;
	private transport!: HubTransport;
	private opening?: Promise<void>;
	/** Bumped on every reopen, so a 404 seen by many parallel requests reopens once. */
	private generation = 0;
	private listing?: ToolListing;
	/**
	 * Ended for good (close()): a listing still reading its pages in the background must not
	 * open a new session on the hub that nobody would end.
	 */
	private ended = false;

	constructor(
		readonly access: HubAccess,
		/** A kept session's pool key: its tool list is kept under it beyond the session (toolListCache). */
		private readonly listingKey?: string,
	) {}

	/**
	 * Opens the session unless it is open or opening; a failed opening is tried afresh next
	 * time. The handshake is shared by every caller waiting for it, so it runs on none of their
	 * signals: a caller's cancel ends only its own wait.
	 */
	open(options: OpenOptions): Promise<void> {
		if (this.ended) return Promise.reject(new Error('The hub session has ended'));
		this.opening ??= this.connect(options).catch((error: unknown) => {
			this.opening = undefined;
			throw error;
		});
		return abortable(this.opening, options.signal);
	}

	/**
	 * A renewed token of the same person: the session goes on with it (its transport reads the
	 * token for every request). Should the hub refuse a session a new token (401/403), the
	 * session is discarded like any refused one and the next call opens a new one.
	 */
	renew(access: HubAccess): void {
		if (access.token === this.access.token) return;
		this.access.token = access.token;
		this.access.expiresAt = access.expiresAt;
	}

	/** Runs `work` with the open client; if the hub no longer knows the session (404), reopens once and runs it again. */
	async run<T>(options: OpenOptions, work: (client: Client) => Promise<T>): Promise<T> {
		await this.open(options);
		const generation = this.generation;
		try {
			return await work(this.client);
		} catch (error) {
			if (!(error instanceof HubHttpError && error.status === 404)) throw error;
			// the stale client is dropped, not closed: closing would cut the requests still in
			// flight on it, which get their own 404 and come here too
			if (generation === this.generation) {
				this.generation++;
				this.opening = undefined;
			}
			await this.open(options);
			return work(this.client);
		}
	}

	/**
	 * The tools as last listed, if that was recent enough; otherwise `list` asks the hub. A
	 * kept session's list is the pool's (an hour, across sessions); a session of its own keeps
	 * its list for TOOL_LIST_TTL_MS.
	 */
	tools(pages: ListPages, fresh = false): ToolListing {
		if (this.listingKey) return keptListing(this.listingKey, pages, fresh);
		if (fresh || !this.listing || Date.now() - this.listing.at > TOOL_LIST_TTL_MS) {
			const listing = new ToolListing(pages);
			this.listing = listing;
			// a failed listing is not kept: the next caller asks again
			listing.tools.catch(() => {
				if (this.listing === listing) this.listing = undefined;
			});
		}
		return this.listing;
	}

	/** When the tools were last listed (ms since epoch), or undefined. */
	get listedAt(): number | undefined {
		return this.listingKey ? listingAt(this.listingKey) : this.listing?.at;
	}

	/**
	 * Ends the session on the hub (DELETE) and cuts what is still in flight. Never throws and
	 * waits at most a few seconds: a hub that does not answer must not hold anyone up.
	 */
	async close(): Promise<void> {
		this.ended = true;
		if (!this.opening) return;
		await this.opening.catch(() => undefined);
		const transport = this.transport;
		let timer: NodeJS.Timeout | undefined;
		const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)));
		await Promise.race([transport.terminateSession().catch(() => undefined), gaveUp]);
		clearTimeout(timer);
		await this.client.close().catch(() => undefined);
		this.opening = undefined;
	}

	private async connect(options: OpenOptions): Promise<void> {
		this.transport = new HubTransport(this.access, options.handshake);
		this.client = new Client(CLIENT_INFO, { capabilities: CLIENT_CAPABILITIES, jsonSchemaValidator: NO_SDK_OUTPUT_CHECKS });
		await this.client.connect(this.transport, { timeout: options.timeoutMs });
	}
}

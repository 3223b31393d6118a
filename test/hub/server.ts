import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { InMemoryEventStore } from '@modelcontextprotocol/sdk/examples/shared/inMemoryEventStore.js';
import {
	CallToolRequestSchema,
	ErrorCode,
	ListToolsRequestSchema,
	McpError,
	type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { DEMO_ACCOUNTS, DEMO_ACCOUNT_ID, DEMO_PROFILE, toolsFor, type HubAccount, type HubProfile } from './directory';
import { DEMO_TOOLS } from './demoTools';
import { AuthorizationDesk, CONTINUE_JOB_TOOL, PROMOTION_TEXT, type Requester } from './authorizations';
import { faultBody, FaultSwitches, type Fault } from './faults';
import { generateSigningKeys, verifyJwt, type KeyPair } from './jwt';
import { TokenMinter } from './tokens';
import { holdUntil } from './latency';
import { CivicAuth, TOKEN_PATH } from './civicAuth';
import { AUTHORIZE_PATH } from './signIn';

export const HUB_PATH = '/hub/mcp';

export interface HubOptions {
	accounts?: HubAccount[];
	/** Tools per `tools/list` page. */
	pageSize?: number;
	/** Answer POSTs with plain JSON instead of an SSE stream. */
	jsonResponse?: boolean;
	/** Each request is answered this long after it came in, in ms (see holdUntil). */
	latencyMs?: number;
	/** Serve `GET /dev/token`, a fresh demo token, for `npm run dev` (loopback only, never in tests). */
	devTokens?: boolean;
	/**
	 * Keep events for resumption, as servers with an event store do: every SSE reply then
	 * opens with an empty "priming" event carrying an event id and a retry hint.
	 */
	resumable?: boolean;
}

export interface HubSession {
	id: string;
	/** An app's end user (the token's `sub`), for sessions opened the app way; the session serves no one else. */
	user?: string;
	/** The `sub` of the token that opened it, however it was opened. */
	subject?: string;
	accountId: string;
	profile: HubProfile;
	lock: boolean;
	skills: string[];
	transport: StreamableHTTPServerTransport;
}

export interface HubStats {
	sessionsCreated: number;
	sessionsDeleted: number;
	/** Every HTTP request to the MCP endpoint (POST, GET, DELETE): the round trips a client paid. */
	httpRequests: number;
	/** Requests held unanswered by a `hang` fault that the client closed. */
	hungUpOn: number;
	/** JSON-RPC requests and notifications received, by method. */
	methods: Record<string, number>;
	/** The same, in the order they came in. */
	arrivals: string[];
	/** Tool runs, by tool name: proof that nothing ran twice. */
	toolCalls: Record<string, number>;
	/** The arguments each tool last ran with: proof of what reached the hub. */
	lastArguments: Record<string, Record<string, unknown>>;
	/** The end user each tool last ran as (a Civic App's user; none for a profile token). */
	lastUser: Record<string, string | undefined>;
	/** GETs that resumed a paused stream (Last-Event-ID): what a client paid to get its answer. */
	resumedStreams: number;
	/** Sessions opened for an app's end users, by user. */
	sessionsByUser: Record<string, number>;
	/** TCP connections clients opened to the hub. */
	connections: number;
	/** Tool runs stopped by notifications/cancelled. */
	cancelled: number;
	/** Requests answered with a redirect. */
	redirected: number;
	/** Requests refused with 401 (an expired or unknown token), by HTTP method: a client that knew its token's expiry sends none. */
	unauthorized: Record<string, number>;
	/** The query string and headers of the last request, to check what clients send. */
	lastQuery?: URLSearchParams;
	/** What the last `initialize` declared, e.g. Civic's `civic:rest-auth`. */
	lastClientCapabilities?: Record<string, unknown>;
	lastHeaders?: IncomingMessage['headers'];
}

interface AuthContext {
	user?: string;
	/** Whose token opened it (its `sub`), for counting; unlike `user`, it binds nothing. */
	subject?: string;
	accountId: string;
	profile: HubProfile;
	lock: boolean;
	skills: string[];
}

type RpcMessage = { method?: string; params?: { name?: string; capabilities?: Record<string, unknown> } };

/**
 * A local stand-in for `https://app.civic.com/hub/mcp`: MCP over Streamable HTTP on
 * 127.0.0.1, with Civic's URL parameters, RS256 bearer tokens, stateful sessions, paginated
 * tool lists, every kind of tool result, and switches for the faults real networks produce.
 */
export class CivicHub {
	readonly tokens: TokenMinter;
	/** Civic Auth's token endpoint, where an app's users' tokens are exchanged. */
	readonly auth: CivicAuth;
	readonly faults = new FaultSwitches();
	readonly authorizations = new AuthorizationDesk(() => this.origin);
	/** Paths that answer with a redirect, as a moved hub or a proxy would: path → status and target. */
	readonly redirects = new Map<string, { status: number; to: string }>();
	/** Tools of a profile the hub neither lists nor runs, as before someone adds them in Civic. */
	readonly hiddenTools = new Set<string>();
	/** Input schemas changed "in Civic" since: listed instead of the demo tool's own. */
	readonly changedSchemas = new Map<string, Tool['inputSchema']>();
	/**
	 * What a tool's listing says instead of the demo tool's own, whatever the tool really does:
	 * an output schema it breaks, annotations a server chose (e.g. a slow tool not idempotent).
	 */
	readonly listedAs = new Map<string, Partial<Tool>>();
	/**
	 * MCP 2025-11-25 (SEP-1699): a server that has sent an event id may close a request's
	 * stream before the answer and let the client resume it with GET. With this set (and an
	 * event store: `resumable`), the hub closes the stream of the next `times` tool calls
	 * `afterMs` into the call, and again each `afterMs` while the tool runs.
	 */
	pauseStreams?: { afterMs: number; times: number };
	stats: HubStats = emptyStats();
	latencyMs: number;
	/** MCP requests being handled now. */
	private active = 0;
	pageSize: number;

	private readonly sessions = new Map<string, HubSession>();
	private readonly accounts: HubAccount[];
	private readonly jsonResponse: boolean;
	private readonly resumable: boolean;
	private readonly devTokens: boolean;
	private http!: HttpServer;
	private port = 0;
	private host = '127.0.0.1';

	private constructor(
		private readonly keys: KeyPair,
		options: HubOptions,
	) {
		this.tokens = new TokenMinter(keys);
		this.auth = new CivicAuth(this.tokens);
		this.accounts = options.accounts ?? DEMO_ACCOUNTS;
		this.pageSize = options.pageSize ?? 10;
		this.jsonResponse = options.jsonResponse ?? false;
		this.devTokens = options.devTokens ?? false;
		this.latencyMs = options.latencyMs ?? 0;
		this.resumable = options.resumable ?? false;
	}

	/** `host` may be another loopback address (127.0.0.2), e.g. to stand apart from a proxy. */
	static async start(options: HubOptions = {}, port = 0, host = '127.0.0.1'): Promise<CivicHub> {
		const hub = new CivicHub(generateSigningKeys(), options);
		hub.http = createServer((req, res) => {
			hub.handle(req, res).catch((error: Error) => {
				if (!res.headersSent) sendJson(res, 500, { error: 'server_error', error_description: error.message });
				else res.destroy();
			});
		});
		hub.http.on('connection', () => hub.stats.connections++);
		await new Promise<void>((resolve) => hub.http.listen(port, host, resolve));
		hub.port = (hub.http.address() as AddressInfo).port;
		hub.host = host;
		return hub;
	}

	get origin(): string {
		return `http://${this.host}:${this.port}`;
	}

	/** Like `https://auth.civic.com/oauth/token`. */
	get tokenUrl(): string {
		return `${this.origin}${TOKEN_PATH}`;
	}

	/** Like `https://auth.civic.com/oauth`: `<it>/auth` signs people in, `<it>/token` gives tokens. */
	get civicAuthUrl(): string {
		return `${this.origin}/oauth`;
	}

	/** The bare endpoint, like `https://app.civic.com/hub/mcp`. */
	get url(): string {
		return `${this.origin}${HUB_PATH}`;
	}

	/** The endpoint with Civic's query parameters filled in. */
	urlFor(profile = DEMO_PROFILE.alias, accountId = DEMO_ACCOUNT_ID, extra: Record<string, string> = {}): string {
		const url = new URL(this.url);
		url.searchParams.set('accountId', accountId);
		url.searchParams.set('profile', profile);
		for (const [key, value] of Object.entries(extra)) url.searchParams.set(key, value);
		return url.toString();
	}

	get openSessions(): number {
		return this.sessions.size;
	}

	/** Open sessions opened with a token of `subject` (its `sub`). */
	openSessionsOf(subject: string): number {
		return [...this.sessions.values()].filter((session) => (session.subject ?? session.user) === subject).length;
	}

	toolCalls(name: string): number {
		return this.stats.toolCalls[name] ?? 0;
	}

	resetStats(): void {
		this.stats = emptyStats();
	}

	/**
	 * Resolves once no MCP request has been in the hub for `forMs`: a client still reading the
	 * tool list's pages in the background (after its call found the tool) is done then.
	 */
	async quiet(forMs = 50): Promise<void> {
		for (let still = 0; still < forMs; still = this.active ? 0 : still + 5) await new Promise((resolve) => setTimeout(resolve, 5));
	}

	/** Forget every session, as a hub restart or session timeout would: clients then get 404. */
	async expireSessions(): Promise<void> {
		const sessions = [...this.sessions.values()];
		this.sessions.clear();
		await Promise.all(sessions.map((s) => s.transport.close()));
	}

	private async forgetSession(id: string): Promise<void> {
		const session = this.sessions.get(id);
		this.sessions.delete(id);
		await session?.transport.close();
	}

	async stop(): Promise<void> {
		await this.expireSessions();
		this.http.closeAllConnections();
		await new Promise<void>((resolve) => this.http.close(() => resolve()));
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const redirect = this.redirects.get(url.pathname);
		if (redirect) {
			this.stats.redirected++;
			const target = new URL(redirect.to, this.origin);
			target.search = url.search;
			res.writeHead(redirect.status, { location: target.toString() }).end();
			return;
		}
		const statusOf = /^\/user\/jobs\/([^/]+)\/status$/.exec(url.pathname);
		if (statusOf) return this.serveJobStatus(req, res, statusOf[1]);
		const authorize = /^\/hub\/authorize\/([^/]+)$/.exec(url.pathname);
		if (authorize && req.method === 'GET') return this.serveAuthorizePage(res, authorize[1]);
		if (url.pathname === TOKEN_PATH) return this.auth.handle(req, res);
		if (url.pathname === AUTHORIZE_PATH) return this.auth.signIn.authorize(req, res, url);
		if (this.devTokens && url.pathname === '/dev/token' && req.method === 'GET') {
			res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end(this.tokens.valid());
			return;
		}
		// what an app's sign-in would give a user: a token of the demo app's identity provider
		if (this.devTokens && url.pathname === '/dev/user-token' && req.method === 'GET') {
			const user = url.searchParams.get('user') || 'alice';
			res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end(this.auth.userToken(user));
			return;
		}
		if (url.pathname !== HUB_PATH) return sendJson(res, 404, { error: 'not_found' });
		this.stats.httpRequests++;
		const arrived = Date.now();
		this.active++;
		res.once('close', () => this.active--);
		if (req.method === 'GET' && header(req, 'last-event-id')) this.stats.resumedStreams++;
		this.stats.lastQuery = url.searchParams;
		this.stats.lastHeaders = req.headers;

		const raw = req.method === 'POST' ? await readBody(req) : '';
		let body: unknown;
		if (raw) {
			try {
				body = JSON.parse(raw);
			} catch {
				return sendJson(res, 400, { jsonrpc: '2.0', id: null, error: { code: ErrorCode.ParseError, message: 'Parse error' } });
			}
		}
		const first = (Array.isArray(body) ? body[0] : body) as RpcMessage | undefined;
		if (first?.method) {
			this.stats.methods[first.method] = (this.stats.methods[first.method] ?? 0) + 1;
			this.stats.arrivals.push(first.method);
		}
		if (first?.method === 'initialize') this.stats.lastClientCapabilities = first.params?.capabilities;

		const fault = this.faults.take(req.method, first?.method, first?.params?.name);
		if (fault && this.playFaultBefore(fault, res, (first as { id?: unknown } | undefined)?.id)) return;
		if (this.latencyMs > 0) holdUntil(res, arrived + this.latencyMs);

		const auth = this.authenticate(req, url, res);
		if (!auth) return;

		const sessionId = header(req, 'mcp-session-id');
		if (fault?.kind === 'expireSession' && sessionId) await this.forgetSession(sessionId);
		let session: HubSession | undefined;
		if (sessionId) {
			session = this.sessions.get(sessionId);
			if (!session) {
				return sendJson(res, 404, { jsonrpc: '2.0', id: null, error: { code: -32001, message: 'Session not found' } });
			}
			if (session.profile.id !== auth.profile.id || session.accountId !== auth.accountId) {
				return sendAuthError(res, 403, 'insufficient_scope', 'This session belongs to another profile');
			}
			if (session.user !== auth.user) return sendAuthError(res, 403, 'insufficient_scope', 'This session belongs to another user');
		} else if (req.method === 'POST' && first?.method === 'initialize') {
			session = this.openSession(auth);
		} else {
			return sendJson(res, 400, {
				jsonrpc: '2.0',
				id: null,
				error: { code: ErrorCode.InvalidRequest, message: 'Bad Request: Mcp-Session-Id header is required' },
			});
		}

		if (fault?.kind === 'drop' && fault.after) dropOnFirstWrite(res);
		await session.transport.handleRequest(req, res, body);
	}

	/** Plays a fault that acts before the request is handled; true when the reply is done. */
	private playFaultBefore(fault: Fault, res: ServerResponse, requestId: unknown): boolean {
		switch (fault.kind) {
			case 'status': {
				const { contentType, body } = fault.body === undefined ? faultBody(fault.status) : { contentType: 'text/html', body: fault.body };
				const headers: Record<string, string> = { 'content-type': contentType };
				if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
				res.writeHead(fault.status, headers).end(body);
				return true;
			}
			case 'drop':
				if (fault.after) return false;
				res.socket?.destroy();
				return true;
			case 'hang':
				res.once('close', () => this.stats.hungUpOn++);
				return true;
			case 'expireSession':
				return false;
			case 'malformed':
				if (fault.format === 'sse') {
					res.writeHead(200, { 'content-type': 'text/event-stream' }).end('event: message\ndata: {"jsonrpc":"2.0",\n\n');
				} else {
					res.writeHead(200, { 'content-type': 'application/json' }).end('{"jsonrpc":"2.0","id":');
				}
				return true;
			case 'oddReply':
				res.writeHead(200, { 'content-type': fault.contentType }).end(fault.body);
				return true;
			case 'rpcError':
				sendJson(res, 200, { jsonrpc: '2.0', id: requestId, error: { code: fault.code, message: fault.message } });
				return true;
		}
	}

	/**
	 * Civic's job status endpoint: the same bearer token as MCP calls, GET with a body, HEAD
	 * with the status code alone: 202 waiting, 200 approved, 422 failed.
	 */
	private serveJobStatus(req: IncomingMessage, res: ServerResponse, id: string): void {
		const method = req.method ?? '';
		if (method !== 'GET' && method !== 'HEAD') return sendJson(res, 405, { error: 'method_not_allowed' });
		this.authorizations.statusRequests[method] = (this.authorizations.statusRequests[method] ?? 0) + 1;
		const claims = this.verifiedClaims(req, res);
		if (!claims) return;
		const job = this.authorizations.find(id);
		if (!job) return sendJson(res, 404, { error: 'Job not found' });
		if (
			claims.tid !== job.accountId ||
			(claims.civic_profile !== undefined && claims.civic_profile !== job.profileId) ||
			(job.user !== undefined && claims.sub !== job.user)
		) {
			return sendJson(res, 403, { error: 'This token may not read this job' });
		}
		const status = job.status === 'APPROVED' ? 200 : job.status === 'ERROR' ? 422 : 202;
		const body =
			job.status === 'AUTH_REQUIRED'
				? { jobId: job.id, status: job.status, ...(this.authorizations.settings.approvalMode ? {} : { authUrl: this.authorizations.authUrl(job) }) }
				: { jobId: job.id, status: job.status, ...(job.error ? { error: job.error } : {}) };
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(method === 'HEAD' ? undefined : JSON.stringify(body));
	}

	/** Stands in for Civic's authorization page: opening it completes the authorization. */
	private serveAuthorizePage(res: ServerResponse, id: string): void {
		const approved = this.authorizations.approve(id);
		res.writeHead(approved ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
		res.end(
			approved
				? '<html><body><h1>Authorized</h1><p>The local Civic hub approved this job. You can close this page.</p></body></html>'
				: '<html><body><h1>Unknown or failed job</h1></body></html>',
		);
	}

	/** Civic's checks, in its order: a valid token, a known account and profile, the token's scope. */
	private verifiedClaims(req: IncomingMessage, res: ServerResponse): Record<string, unknown> | undefined {
		const authorization = header(req, 'authorization') ?? '';
		const match = /^Bearer\s+(.+)$/i.exec(authorization);
		if (!match) {
			sendAuthError(res, 401, 'invalid_token', 'Missing bearer token');
			return undefined;
		}
		const verified = verifyJwt(match[1].trim(), this.keys.publicKey, Math.floor(Date.now() / 1000));
		if (!verified.ok) {
			const method = req.method ?? '';
			this.stats.unauthorized[method] = (this.stats.unauthorized[method] ?? 0) + 1;
			sendAuthError(res, 401, 'invalid_token', verified.description);
			return undefined;
		}
		return verified.claims;
	}

	private authenticate(req: IncomingMessage, url: URL, res: ServerResponse): AuthContext | undefined {
		const claims = this.verifiedClaims(req, res);
		if (!claims) return undefined;
		if (!url.searchParams.has('accountId') && !url.searchParams.has('profile')) return this.authenticateAppUser(req, claims, res);
		const accountId = url.searchParams.get('accountId');
		const alias = url.searchParams.get('profile');
		if (!accountId || !alias) {
			sendJson(res, 400, { error: 'invalid_request', error_description: 'accountId and profile are required' });
			return undefined;
		}
		const account = this.accounts.find((a) => a.id === accountId);
		const profile = account?.profiles.find((p) => p.alias === alias);
		if (!account || !profile) {
			sendAuthError(res, 403, 'insufficient_scope', `Profile "${alias}" was not found in account "${accountId}"`);
			return undefined;
		}
		if (claims.tid !== accountId) {
			sendAuthError(res, 403, 'insufficient_scope', `This token is not valid for account "${accountId}"`);
			return undefined;
		}
		// Account-wide tokens carry no civic_profile claim and may open any of the account's profiles.
		if (claims.civic_profile !== undefined && claims.civic_profile !== profile.id) {
			sendAuthError(res, 403, 'insufficient_scope', `This token is not valid for profile "${alias}"`);
			return undefined;
		}
		const skills = (url.searchParams.get('skills') ?? '')
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
		const subject = typeof claims.sub === 'string' ? claims.sub : undefined;
		return { accountId, profile, lock: url.searchParams.get('lock') !== 'false', skills, subject };
	}

	/**
	 * The way an app's users come (Civic's "Connecting your app"): no URL parameters, the
	 * account from the token, the profile from `x-civic-profile-id` or the token's
	 * `civic_profile` (else the account's first), and the user from `sub`.
	 */
	private authenticateAppUser(req: IncomingMessage, claims: Record<string, unknown>, res: ServerResponse): AuthContext | undefined {
		const account = this.accounts.find((a) => a.id === claims.tid);
		const user = typeof claims.sub === 'string' ? claims.sub : undefined;
		if (!account || !user) {
			sendAuthError(res, 403, 'insufficient_scope', 'This token names no known account or user');
			return undefined;
		}
		const asked = header(req, 'x-civic-profile-id');
		const claimed = typeof claims.civic_profile === 'string' ? claims.civic_profile : undefined;
		if (asked && claimed && asked !== claimed) {
			sendAuthError(res, 403, 'insufficient_scope', `This token is locked to another profile than ${asked}`);
			return undefined;
		}
		const wanted = asked ?? claimed;
		// an alias as Civic's app-integration guide sends it (`x-civic-profile: default`)
		const alias = header(req, 'x-civic-profile');
		const profile = wanted ? account.profiles.find((p) => p.id === wanted) : alias ? account.profiles.find((p) => p.alias === alias) : account.profiles[0];
		if (!profile) {
			sendAuthError(res, 403, 'insufficient_scope', `Profile ${wanted} was not found in the token's account`);
			return undefined;
		}
		return { user, accountId: account.id, profile, lock: true, skills: [] };
	}

	private openSession(auth: AuthContext): HubSession {
		const transport = new StreamableHTTPServerTransport({
			sessionIdGenerator: randomUUID,
			enableJsonResponse: this.jsonResponse,
			...(this.resumable ? { eventStore: new InMemoryEventStore(), retryInterval: 1000 } : {}),
			onsessioninitialized: (id) => {
				session.id = id;
				this.sessions.set(id, session);
				this.stats.sessionsCreated++;
				if (auth.user) this.stats.sessionsByUser[auth.user] = (this.stats.sessionsByUser[auth.user] ?? 0) + 1;
			},
			onsessionclosed: (id) => {
				if (this.sessions.delete(id)) this.stats.sessionsDeleted++;
			},
		});
		const session: HubSession = { id: '', ...auth, transport };
		const server = this.mcpServerFor(session);
		void server.connect(transport);
		return session;
	}

	private mcpServerFor(session: HubSession): Server {
		const server = new Server(
			{ name: 'civic-local-hub', version: '1.0.0' },
			{
				capabilities: { tools: { listChanged: false }, experimental: { 'civic:rest-auth': { version: '1.0' } } },
				instructions: `Civic local hub, profile "${session.profile.alias}".`,
			},
		);
		const names = toolsFor(session.profile, session.skills);
		const visible: Tool[] = [
			...names.flatMap((name) => {
				const tool = DEMO_TOOLS.get(name);
				return tool ? [tool.definition] : [];
			}),
			CONTINUE_JOB_DEFINITION,
		];
		const who: Requester = { accountId: session.accountId, profileId: session.profile.id, user: session.user };
		// Civic answers in the rest-auth shape only to a client that declared the capability.
		const restAuth = () =>
			!this.authorizations.settings.ignoreRestAuth &&
			server.getClientCapabilities()?.experimental?.['civic:rest-auth'] !== undefined;

		server.setRequestHandler(ListToolsRequestSchema, async (request) => {
			const start = request.params?.cursor ? Number(Buffer.from(request.params.cursor, 'base64url').toString()) : 0;
			if (!Number.isInteger(start) || start < 0 || start > visible.length) {
				throw new McpError(ErrorCode.InvalidParams, 'Invalid cursor');
			}
			const end = start + this.pageSize;
			const listed = visible
				.filter((tool) => !this.hiddenTools.has(tool.name))
				.map((tool) => (this.changedSchemas.has(tool.name) ? { ...tool, inputSchema: this.changedSchemas.get(tool.name)! } : tool))
				.map((tool) => ({ ...tool, ...this.listedAs.get(tool.name) }));
			return {
				tools: listed.slice(start, end),
				...(end < listed.length ? { nextCursor: Buffer.from(String(end)).toString('base64url') } : {}),
			};
		});

		const run = async (name: string, args: Record<string, unknown>, extra: RequestExtra, progressToken?: string | number) => {
			const tool = names.includes(name) && !this.hiddenTools.has(name) ? DEMO_TOOLS.get(name) : undefined;
			if (!tool) throw new McpError(ErrorCode.InvalidParams, `Tool ${name} not found`);
			if (tool.unassignedCredential) return { content: [{ type: 'text' as const, text: PROMOTION_TEXT }] };
			if (tool.service && !this.authorizations.isAuthorized(who, tool.service)) {
				return this.authorizations.reply(this.authorizations.open(who, tool.service, name, args), restAuth());
			}
			this.stats.toolCalls[name] = (this.stats.toolCalls[name] ?? 0) + 1;
			this.stats.lastArguments[name] = args;
			this.stats.lastUser[name] = session.user;
			const pause = this.pauseStreams;
			let pauser: NodeJS.Timeout | undefined;
			if (pause && pause.times > 0 && extra.closeSSEStream) {
				pause.times--;
				pauser = setInterval(() => extra.closeSSEStream?.(), pause.afterMs);
			}
			try {
				return await tool.run(args, {
					signal: extra.signal,
					profileAlias: session.profile.alias,
					user: session.user,
					progress: async (progress, total, message) => {
						if (progressToken === undefined) return;
						await extra.sendNotification({
							method: 'notifications/progress',
							params: { progressToken, progress, total, message },
						});
					},
				});
			} catch (error) {
				if (extra.signal.aborted) this.stats.cancelled++;
				throw error;
			} finally {
				clearInterval(pauser);
			}
		};

		/** Resumes an approved job once: the next step's authorization, or the original call. */
		const continueJob = async (args: Record<string, unknown>, extra: RequestExtra, progressToken?: string | number) => {
			this.stats.toolCalls[CONTINUE_JOB_TOOL] = (this.stats.toolCalls[CONTINUE_JOB_TOOL] ?? 0) + 1;
			const job = this.authorizations.find(String(args.jobId ?? ''));
			if (!job || job.accountId !== who.accountId || job.profileId !== who.profileId || job.user !== who.user) {
				return { content: [{ type: 'text' as const, text: `Unknown job: ${String(args.jobId)}` }], isError: true };
			}
			if (job.status !== 'APPROVED') {
				return { content: [{ type: 'text' as const, text: `Job ${job.id} is not approved yet` }], isError: true };
			}
			this.authorizations.forget(job.id);
			if (job.stepsAfter > 0) {
				const next = this.authorizations.open(who, `${job.service}#${job.stepsAfter}`, job.tool, job.args, job.stepsAfter - 1);
				return this.authorizations.reply(next, restAuth());
			}
			return run(job.tool, job.args, extra, progressToken);
		};

		server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
			const { name, arguments: args = {} } = request.params;
			const progressToken = request.params._meta?.progressToken;
			if (name === CONTINUE_JOB_TOOL) return continueJob(args, extra, progressToken);
			return run(name, args, extra, progressToken);
		});
		return server;
	}
}

type RequestExtra = Parameters<Parameters<Server['setRequestHandler']>[1]>[1];

/** The hub's own meta-tool, listed after the profile's tools as Civic lists it. */
const CONTINUE_JOB_DEFINITION: Tool = {
	name: CONTINUE_JOB_TOOL,
	description: 'Resume a tool call that was waiting for authorization.',
	inputSchema: { type: 'object', properties: { jobId: { type: 'string' } }, required: ['jobId'] },
};

function emptyStats(): HubStats {
	return { sessionsCreated: 0, sessionsDeleted: 0, sessionsByUser: {}, httpRequests: 0, connections: 0, hungUpOn: 0, methods: {}, arrivals: [], toolCalls: {}, lastArguments: {}, lastUser: {}, cancelled: 0, redirected: 0, resumedStreams: 0, unauthorized: {} };
}

function header(req: IncomingMessage, name: string): string | undefined {
	const value = req.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function sendAuthError(res: ServerResponse, status: 401 | 403, error: string, description: string): void {
	res.setHeader('www-authenticate', `Bearer error="${error}", error_description="${description.replace(/"/g, "'")}"`);
	sendJson(res, status, { error, error_description: description });
}

/** The request is handled (the tool runs), but the connection dies before any reply reaches the client. */
function dropOnFirstWrite(res: ServerResponse): void {
	const drop = () => {
		res.socket?.destroy();
		return true;
	};
	res.writeHead = (() => res) as unknown as ServerResponse['writeHead'];
	res.write = drop as unknown as ServerResponse['write'];
	res.end = (() => {
		drop();
		return res;
	}) as unknown as ServerResponse['end'];
}

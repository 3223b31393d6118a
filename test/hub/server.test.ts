import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { VALID_EVENT } from './demoTools';
import { CivicHub } from './server';
import { APP_PROFILE, DEMO_ACCOUNT_ID, DEMO_PROFILE, OTHER_ACCOUNT_ID } from './directory';
import { DEMO_APP } from './civicAuth';
import { TokenMinter } from './tokens';
import { CONTINUE_JOB_TOOL } from './authorizations';

const openClients: Client[] = [];

/** A real SDK client on the hub, recording every HTTP reply it gets. */
async function connect(hub: CivicHub, token: string, url = hub.urlFor(), capabilities: Record<string, unknown> = {}) {
	const replies: Array<{ status: number; contentType: string | null }> = [];
	const transport = new StreamableHTTPClientTransport(new URL(url), {
		requestInit: { headers: { Authorization: `Bearer ${token}` } },
		fetch: async (input, init) => {
			const response = await fetch(input, init);
			replies.push({ status: response.status, contentType: response.headers.get('content-type') });
			return response;
		},
	});
	const client = new Client({ name: 'hub-test', version: '1.0.0' }, { capabilities });
	await client.connect(transport);
	openClients.push(client);
	return { client, transport, replies };
}

async function listPages(client: Client) {
	const pages: Tool[][] = [];
	let cursor: string | undefined;
	do {
		const page = await client.listTools(cursor ? { cursor } : undefined);
		pages.push(page.tools);
		cursor = page.nextCursor;
	} while (cursor);
	return pages;
}

const listAll = async (client: Client) => (await listPages(client)).map((page) => page.map((t) => t.name));

/** A raw POST of an initialize request, to see the exact status, headers and body. */
async function rawInitialize(url: string, authorization?: string) {
	const response = await fetch(url, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			accept: 'application/json, text/event-stream',
			...(authorization ? { authorization } : {}),
		},
		body: JSON.stringify({
			jsonrpc: '2.0',
			id: 1,
			method: 'initialize',
			params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
		}),
	});
	return { status: response.status, wwwAuthenticate: response.headers.get('www-authenticate'), body: await response.text() };
}

describe('local Civic hub', () => {
	let hub: CivicHub;
	beforeAll(async () => {
		hub = await CivicHub.start();
	});
	afterAll(async () => {
		await Promise.all(openClients.map((c) => c.close()));
		await hub.stop();
	});
	beforeEach(() => {
		hub.faults.clear();
		hub.authorizations.reset();
		hub.latencyMs = 0;
		hub.resetStats();
	});

	it('listens on loopback only', () => {
		expect(new URL(hub.url).hostname).toBe('127.0.0.1');
	});

	describe('sessions and tool lists', () => {
		it('opens a session, answers with SSE by default and paginates tools/list', async () => {
			const { client, transport, replies } = await connect(hub, hub.tokens.valid());
			const pages = await listAll(client);
			expect(pages.map((p) => p.length)).toEqual([10, 10, DEMO_PROFILE.tools.length + 1 - 20]);
			// the hub's own meta-tool comes last, as Civic lists it
			expect(pages.flat()).toEqual([...DEMO_PROFILE.tools, CONTINUE_JOB_TOOL]);
			expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
			expect(replies[0]).toEqual({ status: 200, contentType: 'text/event-stream' });
			await transport.terminateSession();
			expect(hub.stats.sessionsDeleted).toBe(1);
			expect(hub.openSessions).toBe(0);
		});

		it('answers with plain JSON when configured', async () => {
			const jsonHub = await CivicHub.start({ jsonResponse: true, pageSize: 100 });
			try {
				const { client, replies } = await connect(jsonHub, jsonHub.tokens.valid());
				expect((await listAll(client)).length).toBe(1);
				expect(replies[0].contentType).toBe('application/json');
			} finally {
				await jsonHub.stop();
			}
		});

		it('adds the tools of requested skills and ignores unknown skill aliases', async () => {
			const url = hub.urlFor('demo', DEMO_ACCOUNT_ID, { skills: 'reports,no-such-skill', lock: 'true' });
			const { client } = await connect(hub, hub.tokens.valid(), url);
			expect((await listAll(client)).flat()).toEqual([...DEMO_PROFILE.tools, 'demo-weekly_report', CONTINUE_JOB_TOOL]);
		});

		it('answers 404 for an unknown session, and for every session after they expire', async () => {
			const { client } = await connect(hub, hub.tokens.valid());
			await hub.expireSessions();
			await expect(client.listTools()).rejects.toMatchObject({ code: 404 });
		});

		it('counts sessions opened', async () => {
			await connect(hub, hub.tokens.valid());
			await connect(hub, hub.tokens.valid());
			expect(hub.stats.sessionsCreated).toBe(2);
		});
	});

	describe('tokens and profiles', () => {
		const cases: Array<[string, (t: TokenMinter) => string | undefined, number, RegExp]> = [
			['no token', () => undefined, 401, /Missing bearer token/],
			['a token that is not a JWT', () => TokenMinter.notAJwt(), 401, /malformed/],
			['a token signed by another key', (t) => t.badlySigned(), 401, /signature is invalid/],
			['an expired token', (t) => t.expired(), 401, /expired/],
			['a token for another profile', (t) => t.forOtherProfile(), 403, /not valid for profile "demo"/],
			['a token for another account', (t) => t.forOtherAccount(), 403, /not valid for account/],
		];
		it.each(cases)('refuses %s', async (_name, mint, status, description) => {
			const token = mint(hub.tokens);
			const reply = await rawInitialize(hub.urlFor(), token ? `Bearer ${token}` : undefined);
			expect(reply.status).toBe(status);
			expect(reply.wwwAuthenticate).toMatch(status === 401 ? /^Bearer error="invalid_token"/ : /^Bearer error="insufficient_scope"/);
			expect(JSON.parse(reply.body).error_description).toMatch(description);
		});

		it('refuses an unknown profile and an unknown account with 403', async () => {
			const token = `Bearer ${hub.tokens.valid()}`;
			const reply = await rawInitialize(hub.urlFor('nope'), token);
			expect(reply.status).toBe(403);
			expect(JSON.parse(reply.body).error_description).toMatch(/Profile "nope" was not found/);
			expect((await rawInitialize(hub.urlFor('demo', 'acct_missing'), token)).status).toBe(403);
		});

		it("refuses a URL with accountId but no profile with 400 (with neither, it is an app's user, who names the profile by header)", async () => {
			expect((await rawInitialize(`${hub.url}?accountId=${DEMO_ACCOUNT_ID}`, `Bearer ${hub.tokens.valid()}`)).status).toBe(400);
			expect((await rawInitialize(hub.url, `Bearer ${hub.tokens.valid()}`)).status).toBe(200);
		});

		it('accepts an account-wide token without a profile claim, and tokens of other accounts on their own profiles', async () => {
			expect((await rawInitialize(hub.urlFor(), `Bearer ${hub.tokens.withoutProfile()}`)).status).toBe(200);
			const other = await rawInitialize(hub.urlFor('finance', OTHER_ACCOUNT_ID), `Bearer ${hub.tokens.forOtherAccount()}`);
			expect(other.status).toBe(200);
		});

		it('mints tokens whose claims say what they are', () => {
			const claims = JSON.parse(Buffer.from(hub.tokens.expiringSoon(2).split('.')[1], 'base64url').toString());
			expect(claims).toMatchObject({ civic_profile: DEMO_PROFILE.id, tid: DEMO_ACCOUNT_ID });
			expect(claims.exp - Date.now() / 1000).toBeGreaterThan(2 * 86400 - 60);
			expect(claims.exp - Date.now() / 1000).toBeLessThanOrEqual(2 * 86400);
			expect(typeof claims.sub).toBe('string');
			expect(typeof claims.client_id).toBe('string');
		});
	});

	describe('demo tools', () => {
		let client: Client;
		beforeAll(async () => {
			({ client } = await connect(hub, hub.tokens.valid()));
		});

		it('returns plain text, and JSON in text', async () => {
			expect((await client.callTool({ name: 'demo-echo_text', arguments: { name: 'Ada' } })).content).toEqual([
				{ type: 'text', text: 'Hello, Ada!' },
			]);
			const contact = await client.callTool({ name: 'demo-get_contact_json', arguments: { id: 'c7' } });
			expect(JSON.parse((contact.content as Array<{ text: string }>)[0].text)).toMatchObject({ id: 'c7' });
		});

		it('returns structured content that matches its output schema (the SDK client checks it)', async () => {
			const result = await client.callTool({ name: 'demo-get_weather_structured', arguments: { city: 'Oslo' } });
			expect(result.structuredContent).toEqual({ city: 'Oslo', temperatureC: 21.5, conditions: 'sunny' });
		});

		it('returns image, audio, binary and text resources and resource links', async () => {
			const types = async (name: string) =>
				((await client.callTool({ name, arguments: {} })).content as Array<{ type: string }>).map((c) => c.type);
			expect(await types('demo-render_chart_image')).toEqual(['text', 'image']);
			expect(await types('demo-speak_audio')).toEqual(['audio']);
			expect(await types('demo-find_file_link')).toEqual(['resource_link']);
			const blob = await client.callTool({ name: 'demo-export_report_blob', arguments: { sizeBytes: 5000 } });
			const resource = (blob.content as Array<{ resource: { blob: string; mimeType: string } }>)[0].resource;
			expect(resource.mimeType).toBe('application/pdf');
			expect(Buffer.from(resource.blob, 'base64').length).toBe(5000);
			const note = await client.callTool({ name: 'demo-read_note_resource', arguments: {} });
			expect((note.content as Array<{ resource: { text: string } }>)[0].resource.text).toMatch(/^# Meeting notes/);
		});

		it('reports tool-level failures with isError', async () => {
			const result = await client.callTool({ name: 'demo-fail_tool', arguments: {} });
			expect(result.isError).toBe(true);
		});

		it('answers an unknown tool with a JSON-RPC invalid-params error', async () => {
			await expect(client.callTool({ name: 'no-such_tool', arguments: {} })).rejects.toMatchObject({ code: -32602 });
		});

		it('declares required fields of every JSON type on demo-create_event and echoes them', async () => {
			const schema = (await listPages(client)).flat().find((t) => t.name === 'demo-create_event')!.inputSchema as {
				properties: Record<string, { type: string; enum?: string[] }>;
			};
			expect(Object.values(schema.properties).map((p) => p.type).sort()).toEqual(
				['array', 'boolean', 'integer', 'number', 'object', 'string', 'string', 'string'].sort(),
			);
			expect(schema.properties.visibility.enum).toEqual(['public', 'private', 'confidential']);
			const result = await client.callTool({ name: 'demo-create_event', arguments: VALID_EVENT });
			expect(JSON.parse((result.content as Array<{ text: string }>)[0].text)).toEqual({ created: true, event: VALID_EVENT });
		});

		it('sends progress notifications from the slow tool', async () => {
			const progress: number[] = [];
			const result = await client.callTool({ name: 'demo-slow_task', arguments: { steps: 3, stepMs: 20 } }, undefined, {
				onprogress: (p) => progress.push(p.progress),
			});
			expect(progress).toEqual([1, 2, 3]);
			expect(result.content).toEqual([{ type: 'text', text: 'Done after 3 steps' }]);
		});

		it('stops the slow tool when the client cancels', async () => {
			const controller = new AbortController();
			const call = client.callTool({ name: 'demo-slow_task', arguments: { steps: 50, stepMs: 50 } }, undefined, {
				signal: controller.signal,
			});
			setTimeout(() => controller.abort(), 120);
			await expect(call).rejects.toThrow();
			await new Promise((resolve) => setTimeout(resolve, 200));
			expect(hub.stats.cancelled).toBe(1);
		});

	});

	describe('authorization, as Civic documents it', () => {
		const REST_AUTH = { experimental: { 'civic:rest-auth': { version: '1.0' } } };
		const gmail = { name: 'google-gmail-send_message', arguments: { to: 'a@b.c', subject: 'Hi' } };
		type Block = { type: string; text?: string; resource?: { text: string; _meta?: { name: string } } };
		const tagged = (content: unknown, name: string) =>
			(content as Block[]).find((b) => b.type === 'resource' && b.resource?._meta?.name === name)?.resource?.text;
		const status = (url: string, method: 'GET' | 'HEAD', token = hub.tokens.valid()) =>
			fetch(url, { method, headers: { authorization: `Bearer ${token}` } });

		it('advertises civic:rest-auth and answers a declaring client with text, job and status endpoint, not isError', async () => {
			const { client } = await connect(hub, hub.tokens.valid(), hub.urlFor(), REST_AUTH);
			expect(client.getServerCapabilities()?.experimental).toEqual({ 'civic:rest-auth': { version: '1.0' } });
			const result = await client.callTool(gmail);
			expect(result.isError).toBeUndefined();
			expect((result.content as Block[]).map((b) => b.type)).toEqual(['text', 'resource', 'resource']);
			expect((result.content as Block[])[0].text).toBe('Authorization required.');
			expect(tagged(result.content, 'continue_job_id')).toMatch(/^[0-9a-f-]{36}$/);
			expect(tagged(result.content, 'auth_polling_endpoint')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/user\/jobs\/[0-9a-f-]{36}\/status$/);
			expect(tagged(result.content, 'authorization_url')).toBeUndefined();
			expect(hub.toolCalls('google-gmail-send_message')).toBe(0);
		});

		it('answers a client without the capability in the default shape: authorization_url and continue_job_id', async () => {
			const { client } = await connect(hub, hub.tokens.valid());
			const result = await client.callTool(gmail);
			expect(tagged(result.content, 'authorization_url')).toMatch(/\/hub\/authorize\//);
			expect(tagged(result.content, 'continue_job_id')).toBeDefined();
			expect(tagged(result.content, 'auth_polling_endpoint')).toBeUndefined();
		});

		it('serves the status endpoint: 202 with authUrl, HEAD without body, 200 once the page is opened, then continue_job runs the call once', async () => {
			const { client } = await connect(hub, hub.tokens.valid(), hub.urlFor(), REST_AUTH);
			const reply = await client.callTool(gmail);
			const pollingUrl = tagged(reply.content, 'auth_polling_endpoint')!;
			const jobId = tagged(reply.content, 'continue_job_id')!;

			const pending = await status(pollingUrl, 'GET');
			expect(pending.status).toBe(202);
			const body = (await pending.json()) as { jobId: string; status: string; authUrl: string };
			expect(body).toEqual({ jobId, status: 'AUTH_REQUIRED', authUrl: expect.stringContaining(`/hub/authorize/${jobId}`) });
			const head = await status(pollingUrl, 'HEAD');
			expect([head.status, await head.text()]).toEqual([202, '']);
			expect((await client.callTool({ name: CONTINUE_JOB_TOOL, arguments: { jobId } })).isError).toBe(true);

			expect((await fetch(body.authUrl)).status).toBe(200);
			expect((await status(pollingUrl, 'HEAD')).status).toBe(200);
			const resumed = await client.callTool({ name: CONTINUE_JOB_TOOL, arguments: { jobId } });
			expect(JSON.parse((resumed.content as Block[])[0].text!)).toMatchObject({ sent: true, to: 'a@b.c' });
			expect(hub.toolCalls('google-gmail-send_message')).toBe(1);
			// used up: resuming twice runs nothing
			expect((await client.callTool({ name: CONTINUE_JOB_TOOL, arguments: { jobId } })).isError).toBe(true);
			// the service is now authorized for the profile: the next call runs directly
			expect(tagged((await client.callTool(gmail)).content, 'continue_job_id')).toBeUndefined();
			expect(hub.toolCalls('google-gmail-send_message')).toBe(2);
		});

		it('requires the bearer token of the job\'s account on the status endpoint, and 404s an unknown job', async () => {
			const { client } = await connect(hub, hub.tokens.valid(), hub.urlFor(), REST_AUTH);
			const pollingUrl = tagged((await client.callTool(gmail)).content, 'auth_polling_endpoint')!;
			expect((await fetch(pollingUrl)).status).toBe(401);
			expect((await status(pollingUrl, 'GET', hub.tokens.forOtherAccount())).status).toBe(403);
			expect((await status(pollingUrl, 'GET', hub.tokens.forOtherProfile())).status).toBe(403);
			expect((await status(pollingUrl.replace(/jobs\/[^/]+/, 'jobs/nope'), 'GET')).status).toBe(404);
		});

		it('fails a job with 422 and Civic\'s error, and approves by timer or at once when switched to', async () => {
			const { client } = await connect(hub, hub.tokens.valid(), hub.urlFor(), REST_AUTH);
			hub.authorizations.settings = { failAfter: { ms: 0, error: 'The user denied access' } };
			const failed = await status(tagged((await client.callTool(gmail)).content, 'auth_polling_endpoint')!, 'GET');
			expect([failed.status, await failed.json()]).toEqual([422, expect.objectContaining({ status: 'ERROR', error: 'The user denied access' })]);
			hub.authorizations.settings = { alreadyApproved: true };
			expect((await status(tagged((await client.callTool({ ...gmail, arguments: { to: 'x' } })).content, 'auth_polling_endpoint')!, 'GET')).status).toBe(200);
		});

		it('answers "promotion required" with text only: no URL, no job', async () => {
			const { client } = await connect(hub, hub.tokens.valid(), hub.urlFor(), REST_AUTH);
			const result = await client.callTool({ name: 'outlook-send_mail', arguments: { to: 'a' } });
			expect(result.isError).toBeUndefined();
			expect(result.content).toEqual([{ type: 'text', text: expect.stringMatching(/^A matching credential exists but is not assigned to this profile\./) }]);
		});
	});

	describe('fault switches', () => {
		let client: Client;
		beforeEach(async () => {
			({ client } = await connect(hub, hub.tokens.valid()));
			hub.resetStats();
		});

		it('adds latency', async () => {
			hub.latencyMs = 150;
			const started = Date.now();
			await client.listTools();
			expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		});

		it('answers 429 with Retry-After, then recovers', async () => {
			hub.faults.arm({ kind: 'status', status: 429, retryAfterSeconds: 7 }, { method: 'tools/call' });
			const raw = await fetch(hub.urlFor(), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'demo-echo_text' } }),
			});
			expect(raw.status).toBe(429);
			expect(raw.headers.get('retry-after')).toBe('7');
			expect((await client.callTool({ name: 'demo-echo_text', arguments: {} })).isError).toBeFalsy();
		});

		it.each([500, 502, 503])('answers %i with an HTML page', async (status) => {
			hub.faults.arm({ kind: 'status', status }, { method: 'tools/list' });
			await expect(client.listTools()).rejects.toMatchObject({ code: status, message: expect.stringMatching(/<html>/) });
		});

		it('drops the connection before the tool runs', async () => {
			hub.faults.arm({ kind: 'drop' }, { tool: 'demo-create_event' });
			await expect(client.callTool({ name: 'demo-create_event', arguments: {} })).rejects.toThrow();
			expect(hub.toolCalls('demo-create_event')).toBe(0);
		});

		it('drops the connection after the tool ran', async () => {
			hub.faults.arm({ kind: 'drop', after: true }, { tool: 'demo-echo_text' });
			await expect(
				client.callTool({ name: 'demo-echo_text', arguments: {} }, undefined, { timeout: 2000 }),
			).rejects.toThrow();
			expect(hub.toolCalls('demo-echo_text')).toBe(1);
		});

		it('never answers a hanging request', async () => {
			hub.faults.arm({ kind: 'hang' }, { method: 'tools/list' });
			await expect(client.listTools(undefined, { timeout: 300 })).rejects.toMatchObject({ code: -32001 });
		});

		it('answers with malformed JSON', async () => {
			hub.faults.arm({ kind: 'malformed' }, { method: 'tools/list' });
			await expect(client.listTools(undefined, { timeout: 1000 })).rejects.toThrow();
		});

		it('counts tool runs per tool', async () => {
			await client.callTool({ name: 'demo-echo_text', arguments: {} });
			await client.callTool({ name: 'demo-echo_text', arguments: {} });
			expect(hub.toolCalls('demo-echo_text')).toBe(2);
			expect(hub.stats.methods['tools/call']).toBe(2);
		});
	});

	it('stops cleanly and frees its port', async () => {
		const short = await CivicHub.start();
		const url = short.urlFor();
		await connect(short, short.tokens.valid());
		await short.stop();
		await expect(fetch(url)).rejects.toThrow();
	});
});

describe("local hub's Civic Auth token endpoint (token exchange)", () => {
	let hub: CivicHub;
	beforeAll(async () => {
		hub = await CivicHub.start();
	});
	afterAll(() => hub.stop());

	const { clientId, clientSecret } = DEMO_APP;
	const exchange = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
		fetch(hub.tokenUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
			body: new URLSearchParams(fields).toString(),
		}).then(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> }));
	const grant = (subject: string) => ({
		grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
		subject_token: subject,
		subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
	});
	const basic = { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` };

	it('takes the client in the body too, and gives a token with the user\'s sub that the hub accepts the app way', async () => {
		const { status, body } = await exchange({ ...grant(hub.auth.userToken('zoe')), client_id: clientId, client_secret: clientSecret, civic_profile: APP_PROFILE.id });
		expect(status).toBe(200);
		expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
		expect(hub.auth.stats.lastClientAuth).toBe('body');
		const claims = JSON.parse(Buffer.from(String(body.access_token).split('.')[1], 'base64url').toString());
		expect(claims).toMatchObject({ sub: 'zoe', tid: DEMO_ACCOUNT_ID, civic_profile: APP_PROFILE.id, client_id: clientId });
		const client = new Client({ name: 't', version: '1' });
		await client.connect(
			new StreamableHTTPClientTransport(new URL(hub.url), { requestInit: { headers: { authorization: `Bearer ${String(body.access_token)}` } } }),
		);
		const answer = await client.callTool({ name: 'demo-who_am_i', arguments: {} });
		expect(JSON.parse((answer.content as Array<{ text: string }>)[0].text)).toEqual({ user: 'zoe', profile: APP_PROFILE.alias });
		await client.close();
	});

	it('lives no longer than the user\'s own token', async () => {
		const { body } = await exchange(grant(hub.auth.userToken('zoe', { expiresIn: 90 })), basic);
		expect(Number(body.expires_in)).toBeLessThanOrEqual(90);
	});

	it("answers RFC 6749's errors", async () => {
		expect(await exchange(grant(hub.auth.userToken('zoe')))).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
		expect(await exchange({ ...grant('x'), grant_type: 'password' }, basic)).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
		expect(await exchange(grant('not-a-jwt'), basic)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
		expect(await exchange(grant(hub.auth.userToken('zoe', { expiresIn: -5 })), basic)).toMatchObject({
			body: { error: 'invalid_grant', error_description: 'Token expired' },
		});
	});

	it('refuses a session to another user than the one who opened it', async () => {
		const tokenFor = async (user: string) => String((await exchange(grant(hub.auth.userToken(user)), basic)).body.access_token);
		const transport = new StreamableHTTPClientTransport(new URL(hub.url), { requestInit: { headers: { authorization: `Bearer ${await tokenFor('amy')}` } } });
		const client = new Client({ name: 't', version: '1' });
		await client.connect(transport);
		const res = await fetch(hub.url, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${await tokenFor('ben')}`,
				'mcp-session-id': transport.sessionId!,
				'content-type': 'application/json',
				accept: 'application/json, text/event-stream',
				'mcp-protocol-version': '2025-06-18',
			},
			body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
		});
		expect(res.status).toBe(403);
		expect(res.headers.get('www-authenticate')).toContain('another user');
		await client.close();
	});
});

import { closeAllSessions, keptSessions, MAX_SESSIONS } from '../../../../nodes/shared/transport/sessionPool';
import { VALID_EVENT } from '../../../hub/demoTools';
import { DEMO_TOOL_PAGES } from '../../../hub/directory';
import { credentialsFor, useHub } from '../../../harness/hub';
import { runNode, type RunOptions } from '../../../harness/n8n';
import { jsonMode } from '../../../harness/parameters';

describe('sessions kept between executions', () => {
	const hub = useHub();
	const echo = jsonMode('demo-echo_text', '{"name": "again"}');
	// credentialsFor gives one token per hub: a new token would be a new session
	const run = (options: Partial<RunOptions> = {}) => runNode({ credentials: credentialsFor(hub()), parameters: echo, ...options });
	const saved = process.env.CIVIC_SESSION_IDLE_SECONDS;
	afterEach(() => {
		if (saved === undefined) delete process.env.CIVIC_SESSION_IDLE_SECONDS;
		else process.env.CIVIC_SESSION_IDLE_SECONDS = saved;
	});

	it('makes one hub request, the tool call, per warm execution', async () => {
		await run();
		await hub().quiet();
		// initialize, initialized, every page of tools/list, the call; no standing GET stream, no DELETE
		expect(hub().stats.httpRequests).toBe(3 + DEMO_TOOL_PAGES);
		hub().resetStats();
		for (let i = 0; i < 5; i++) {
			const { items, error } = await run();
			expect(error).toBeUndefined();
			expect(items[0].json.text).toBe('Hello, again!');
		}
		expect(hub().stats.httpRequests).toBe(5);
		expect(hub().stats.methods).toEqual({ 'tools/call': 5 });
	});

	it('opens a new session, transparently, when the hub has forgotten the kept one', async () => {
		await run();
		await hub().expireSessions();
		const { items, error } = await run();
		expect(error).toBeUndefined();
		expect(items[0].json.text).toBe('Hello, again!');
		expect(hub().stats.methods.initialize).toBe(2);
		expect(hub().toolCalls('demo-echo_text')).toBe(2);
	});

	it('reopens once for many parallel calls that all find their kept session forgotten', async () => {
		await run();
		await hub().expireSessions();
		hub().latencyMs = 30; // the 404s arrive while the others are still in flight
		const { items, error } = await run({
			parameters: jsonMode('demo-echo_text', '{"name": "again"}', { options: { parallelism: 8 } }),
			items: Array.from({ length: 8 }, () => ({ json: {} })),
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.text)).toEqual(Array(8).fill('Hello, again!'));
		expect(hub().stats.methods.initialize).toBe(2);
		expect(hub().toolCalls('demo-echo_text')).toBe(9);
	});

	it('never shares a session between credentials, profiles or tokens', async () => {
		await run({ credentialId: 'cred-a' });
		await run({ credentialId: 'cred-b' });
		await run({ credentialId: 'cred-c', credentials: credentialsFor(hub(), { profile: 'sales', apiToken: hub().tokens.forOtherProfile() }), parameters: jsonMode('demo-echo_text', '{}') });
		expect(hub().stats.sessionsCreated).toBe(3);
		expect(keptSessions()).toBe(3);
	});

	it('ends the old token\'s session at once when the credential gets a new token', async () => {
		await run({ credentialId: 'cred-a' });
		const renewed = credentialsFor(hub(), { apiToken: hub().tokens.expiringSoon(20) });
		const { error } = await run({ credentialId: 'cred-a', credentials: renewed });
		expect(error).toBeUndefined();
		expect(hub().stats).toMatchObject({ sessionsCreated: 2, sessionsDeleted: 1 });
		expect(keptSessions()).toBe(1);
	});

	it('lets go of a session whose token the hub refuses, so the next execution starts afresh', async () => {
		await run();
		hub().faults.arm({ kind: 'status', status: 401 }, { method: 'tools/call' });
		const { error } = await run();
		expect(error?.message).toMatch(/HTTP 401/);
		expect(keptSessions()).toBe(0);
		await run();
		expect(hub().stats.methods.initialize).toBe(2);
	});

	it('ends an idle session on the hub after CIVIC_SESSION_IDLE_SECONDS', async () => {
		process.env.CIVIC_SESSION_IDLE_SECONDS = '0.3';
		await run();
		expect(hub().openSessions).toBe(1);
		await new Promise((resolve) => setTimeout(resolve, 800));
		expect(hub().stats.sessionsDeleted).toBe(1);
		expect(keptSessions()).toBe(0);
	});

	it('starts a cold execution (its session ended while idle) with the handshake and the call: the tool list is kept beyond the session', async () => {
		process.env.CIVIC_SESSION_IDLE_SECONDS = '0.3';
		await run();
		await new Promise((resolve) => setTimeout(resolve, 800));
		expect(hub().stats.sessionsDeleted).toBe(1);
		hub().resetStats();
		const { items, error } = await run();
		expect(error).toBeUndefined();
		expect(items[0].json.text).toBe('Hello, again!');
		expect(hub().stats.httpRequests).toBe(3);
		expect(hub().stats.methods).toEqual({ initialize: 1, 'notifications/initialized': 1, 'tools/call': 1 });
	});

	describe('a schema changed in Civic since the list was kept', () => {
		const weather = (args: string) => ({ parameters: jsonMode('demo-get_weather_structured', args) });
		const strict = { type: 'object' as const, properties: { city: { type: 'string' }, zip: { type: 'string' } }, required: ['city', 'zip'] };
		afterEach(() => jest.restoreAllMocks());

		async function keepTheStrictList() {
			hub().changedSchemas.set('demo-get_weather_structured', strict);
			expect((await run(weather('{"city": "Oslo", "zip": "0150"}'))).error).toBeUndefined();
			hub().changedSchemas.clear(); // Civic relaxes the schema
			hub().resetStats();
		}

		it('never blocks a valid call: a local refusal against a list older than five minutes lists afresh once and checks again', async () => {
			await keepTheStrictList();
			const sixMinutesOn = Date.now() + 6 * 60_000;
			jest.spyOn(Date, 'now').mockImplementation(() => sixMinutesOn);
			const { items, error } = await run(weather('{"city": "Oslo"}'));
			expect(error).toBeUndefined();
			expect(items[0].json.city).toBe('Oslo');
			expect(hub().stats.methods['tools/list']).toBe(DEMO_TOOL_PAGES);
		});

		it('keeps the refusal of a recent list, without asking the hub', async () => {
			await keepTheStrictList();
			const { error } = await run(weather('{"city": "Oslo"}'));
			expect(error?.message).toMatch(/Invalid arguments for tool "demo-get_weather_structured": .*"zip"/);
			expect(hub().stats.httpRequests).toBe(0);
		});
	});

	it('keeps none with CIVIC_SESSION_IDLE_SECONDS=0: each execution opens and ends its own', async () => {
		process.env.CIVIC_SESSION_IDLE_SECONDS = '0';
		await run();
		await run();
		expect(hub().stats).toMatchObject({ sessionsCreated: 2, sessionsDeleted: 2 });
		expect(keptSessions()).toBe(0);
	});

	it('keeps none for a CLI run (n8n execute), whose process exits right after: it ends its own', async () => {
		await run({ mode: 'cli' });
		expect(hub().stats).toMatchObject({ sessionsCreated: 1, sessionsDeleted: 1 });
		expect(keptSessions()).toBe(0);
	});

	it(`keeps at most ${MAX_SESSIONS} sessions, ending the least recently used`, async () => {
		for (let i = 0; i <= MAX_SESSIONS; i++) await run({ credentialId: `cred-${i}` });
		expect(keptSessions()).toBe(MAX_SESSIONS);
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(hub().stats.sessionsDeleted).toBe(1);
		// the first one went: running it again opens a new session
		hub().resetStats();
		await run({ credentialId: 'cred-0' });
		expect(hub().stats.methods.initialize).toBe(1);
	});

	it('calls a tool as soon as the page of tools/list that holds it is in, and reads the other pages meanwhile', async () => {
		expect(DEMO_TOOL_PAGES).toBeGreaterThan(2);
		hub().latencyMs = 20;
		const { items, error } = await run();
		expect(error).toBeUndefined();
		expect(items[0].json.text).toBe('Hello, again!');
		await hub().quiet();
		// demo-echo_text is on the first page: the call goes out with the second page, before the third
		const arrivals = hub().stats.arrivals;
		// (the initialized notification is not waited for: it may come after the first page)
		expect([arrivals[0], ...arrivals.slice(1, 3).sort()]).toEqual(['initialize', 'notifications/initialized', 'tools/list']);
		expect(arrivals.slice(3, 5).sort()).toEqual(['tools/call', 'tools/list']);
		expect(arrivals.slice(5)).toEqual(Array(DEMO_TOOL_PAGES - 2).fill('tools/list'));
		// the whole list is kept: the next execution, for a tool on a later page, lists nothing
		hub().resetStats();
		const late = await run({ parameters: jsonMode('demo-create_event', JSON.stringify(VALID_EVENT)) });
		expect(late.error).toBeUndefined();
		expect(hub().stats.arrivals).toEqual(['tools/call']);
	});

	it('lists the tools again, once, when a tool is not in the kept listing (added in Civic since)', async () => {
		hub().hiddenTools.add('demo-create_event');
		await run();
		await hub().quiet();
		hub().hiddenTools.clear();
		hub().resetStats();
		// three items in parallel all miss the tool in the kept listing; they share one fresh listing
		const { items, error } = await run({
			parameters: jsonMode('demo-create_event', JSON.stringify(VALID_EVENT), { options: { parallelism: 3 } }),
			items: [{ json: {} }, { json: {} }, { json: {} }],
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.created)).toEqual([true, true, true]);
		expect(hub().stats.methods['tools/list']).toBe(DEMO_TOOL_PAGES);
		expect(hub().toolCalls('demo-create_event')).toBe(3);
	});

	it('still says a tool does not exist after that one fresh listing, without asking again per item', async () => {
		await run();
		await hub().quiet();
		hub().resetStats();
		const { items } = await run({
			parameters: jsonMode('demo-no_such_tool', '{}'),
			items: [{ json: {} }, { json: {} }, { json: {} }],
			continueOnFail: true,
		});
		expect(items.map((i) => i.json.error)).toEqual(Array(3).fill('Tool "demo-no_such_tool" does not exist in Civic profile "demo"'));
		expect(hub().stats.methods['tools/list']).toBe(DEMO_TOOL_PAGES);
	});

	it('lists afresh and calls again once when the hub refuses arguments (-32602) with a kept listing', async () => {
		await run();
		hub().resetStats();
		hub().faults.arm({ kind: 'rpcError', code: -32602, message: 'Invalid arguments for tool demo-echo_text' }, { method: 'tools/call' });
		const { items, error } = await run();
		expect(error).toBeUndefined();
		expect(items[0].json.text).toBe('Hello, again!');
		expect(hub().stats.methods['tools/list']).toBe(DEMO_TOOL_PAGES);
		expect(hub().stats.methods['tools/call']).toBe(2);
		expect(hub().toolCalls('demo-echo_text')).toBe(1);
	});

	it('does not call again when the listing is already from this execution', async () => {
		hub().faults.arm({ kind: 'rpcError', code: -32602, message: 'Invalid arguments for tool demo-echo_text' }, { method: 'tools/call' });
		const { error } = await run();
		expect(error?.message).toMatch(/Invalid arguments for tool demo-echo_text/);
		expect(hub().stats.methods['tools/call']).toBe(1);
	});

	it('ends every kept session on the hub when asked to (n8n shutting down)', async () => {
		await run({ credentialId: 'cred-a' });
		await run({ credentialId: 'cred-b' });
		await closeAllSessions();
		expect(hub().stats.sessionsDeleted).toBe(2);
		expect(hub().openSessions).toBe(0);
	});
});

/**
 * The node under what networks and hubs do at 3 a.m.: each fault through the local hub's
 * switches, checking the outcome, the message, and how often the hub really ran the tool.
 */
import type { INodeParameters } from 'n8n-workflow';
import { VALID_EVENT } from '../../hub/demoTools';
import { DEMO_PROFILE } from '../../hub/directory';
import { credentialsFor, useHub } from '../../harness/hub';
import { runNode, type RunOptions } from '../../harness/n8n';
import { jsonMode } from '../../harness/parameters';
import { startElsewhere, type Elsewhere } from '../../harness/elsewhere';
import { freedPort } from '../../harness/ports';

const call = (tool: string, args: object = {}, options: INodeParameters = {}) => jsonMode(tool, JSON.stringify(args), { options });

describe('Civic node under faults', () => {
	const hub = useHub();
	const run = (options: Omit<RunOptions, 'credentials'> & { credentials?: RunOptions['credentials'] }) =>
		runNode({ credentials: credentialsFor(hub()), ...options });

	describe('retries', () => {
		it('waits out a 429 as Retry-After says, and runs a non-idempotent tool exactly once', async () => {
			hub().faults.arm({ kind: 'status', status: 429, retryAfterSeconds: 1 }, { tool: 'demo-create_event' });
			const started = Date.now();
			const { items, error } = await run({ parameters: call('demo-create_event', VALID_EVENT) });
			expect(error).toBeUndefined();
			expect(items[0].json.created).toBe(true);
			expect(Date.now() - started).toBeGreaterThanOrEqual(950);
			expect(hub().toolCalls('demo-create_event')).toBe(1);
			expect(hub().stats.methods['tools/call']).toBe(2);
		});

		it('retries initialize and tools/list through 503s', async () => {
			hub().faults.arm({ kind: 'status', status: 503 }, { method: 'initialize' });
			hub().faults.arm({ kind: 'status', status: 503 }, { method: 'tools/list', times: 2 });
			const { items, error } = await run({ parameters: { operation: 'listTools' } });
			expect(error).toBeUndefined();
			expect(items).toHaveLength(DEMO_PROFILE.tools.length + 1);
		});

		it('does not repeat a non-idempotent call after a 502, and says why', async () => {
			hub().faults.arm({ kind: 'status', status: 502 }, { tool: 'demo-create_event' });
			const { error } = await run({ parameters: call('demo-create_event', VALID_EVENT) });
			expect(error?.message).toMatch(/^The Civic hub answered HTTP 502/);
			expect(error?.description).toMatch(/may have reached the tool, which is not marked idempotent, so it was not repeated/);
			expect(hub().stats.methods['tools/call']).toBe(1);
		});

		it('repeats an idempotent call after a 502', async () => {
			hub().faults.arm({ kind: 'status', status: 502 }, { tool: 'demo-get_contact_json' });
			const { items } = await run({ parameters: call('demo-get_contact_json', { id: 'c1' }) });
			expect(items[0].json.id).toBe('c1');
			expect(hub().toolCalls('demo-get_contact_json')).toBe(1);
		});

		it('never runs a non-idempotent tool twice when the connection drops after it ran, and says the connection broke', async () => {
			hub().faults.arm({ kind: 'drop', after: true }, { tool: 'demo-create_event' });
			const { error } = await run({ parameters: call('demo-create_event', VALID_EVENT) });
			expect(error?.message).toMatch(/^The connection to the Civic hub at 127\.0\.0\.1:\d+ broke before its reply arrived$/);
			expect(error?.description).toMatch(/may have acted on it/);
			expect(error?.description).toMatch(/was not repeated: check whether it took effect/);
			expect(hub().toolCalls('demo-create_event')).toBe(1);
		});

		it('repeats an idempotent tool whose reply was lost', async () => {
			hub().faults.arm({ kind: 'drop', after: true }, { tool: 'demo-get_contact_json' });
			const { items } = await run({ parameters: call('demo-get_contact_json', { id: 'c2' }) });
			expect(items[0].json.id).toBe('c2');
			expect(hub().toolCalls('demo-get_contact_json')).toBe(2);
		});

		it('gives up after the configured retries, saying how many attempts it made', async () => {
			hub().faults.arm({ kind: 'status', status: 503, retryAfterSeconds: 0 }, { tool: 'demo-echo_text', times: 10 });
			const { error } = await run({ parameters: call('demo-echo_text', {}, { retries: 2 }) });
			expect(error?.message).toMatch(/^The Civic hub answered HTTP 503/);
			expect(error?.description).toMatch(/Gave up after 3 attempts\.$/);
			expect(hub().stats.methods['tools/call']).toBe(3);
		});

		it('reports a hub that refuses connections after retrying', async () => {
			const port = await freedPort();
			const { error } = await run({
				parameters: call('demo-echo_text', {}, { retries: 1 }),
				credentials: credentialsFor(hub(), { hubUrl: `http://127.0.0.1:${port}/hub/mcp` }),
			});
			expect(error?.message).toBe(`Cannot reach the Civic hub at 127.0.0.1:${port}: connection refused`);
			expect(error?.description).toMatch(/^Error code ECONNREFUSED\. .* Gave up after 2 attempts\.$/);
		});

		it('does not retry a 500', async () => {
			hub().faults.arm({ kind: 'status', status: 500 }, { tool: 'demo-get_contact_json' });
			const { error } = await run({ parameters: call('demo-get_contact_json', { id: 'x' }) });
			expect(error?.message).toBe('The Civic hub answered HTTP 500: 500 Internal Server Error 500 Internal Server Error nginx');
			expect(hub().stats.methods['tools/call']).toBe(1);
		});
	});

	it('starts a new session when the hub forgets the old one, and carries on', async () => {
		hub().faults.arm({ kind: 'expireSession' }, { method: 'tools/call' });
		const items = [{ json: {} }, { json: {} }, { json: {} }];
		const { items: out, error } = await run({ parameters: call('demo-create_event', VALID_EVENT), items });
		expect(error).toBeUndefined();
		expect(out.map((i) => i.json.created)).toEqual([true, true, true]);
		expect(hub().stats.sessionsCreated).toBe(2);
		expect(hub().toolCalls('demo-create_event')).toBe(3);
	});

	describe('time', () => {
		const slow = (steps: number, stepMs: number, options: INodeParameters) =>
			call('demo-slow_task', { steps, stepMs }, options);

		it('cancels a call that exceeds the timeout, and tells the hub', async () => {
			const { error } = await run({ parameters: slow(3, 1500, { timeout: 1, maxTotalTime: 0 }) });
			expect(error?.message).toBe('The Civic hub did not answer within 1 second');
			await new Promise((resolve) => setTimeout(resolve, 700));
			expect(hub().stats.cancelled).toBe(1);
		});

		it('lets a tool that reports progress outlive the timeout', async () => {
			const { items, error } = await run({ parameters: slow(4, 600, { timeout: 1, maxTotalTime: 10 }) });
			expect(error).toBeUndefined();
			expect(items[0].json.text).toBe('Done after 4 steps');
		});

		it('stops even a progressing tool at the maximum total time', async () => {
			const { error } = await run({ parameters: slow(10, 500, { timeout: 1, maxTotalTime: 2 }) });
			expect(error?.message).toBe('The Civic hub did not answer within 1 second');
		});

		it('aborts the call when the execution is cancelled, and the kept session serves the next one', async () => {
			const controller = new AbortController();
			setTimeout(() => controller.abort(), 400);
			const started = Date.now();
			await run({ parameters: slow(50, 100, {}), abortSignal: controller.signal });
			expect(Date.now() - started).toBeLessThan(3000);
			await new Promise((resolve) => setTimeout(resolve, 300));
			expect(hub().stats.cancelled).toBe(1);
			const { items } = await run({ parameters: call('demo-echo_text') });
			expect(items[0].json.text).toBe('Hello, world!');
			expect(hub().stats.methods.initialize).toBe(1);
		});
	});

	describe('redirects', () => {
		let elsewhere: Elsewhere;
		beforeAll(async () => (elsewhere = await startElsewhere()));
		afterAll(() => elsewhere.close());
		const movedHub = () => credentialsFor(hub(), { hubUrl: `${hub().origin}/old/mcp` });

		it.each([307, 308])('follows a %i redirect on the hub\'s own origin, with the token, and runs the tool once', async (status) => {
			hub().redirects.set('/old/mcp', { status, to: '/hub/mcp' });
			const { items, error } = await run({ parameters: call('demo-create_event', VALID_EVENT), credentials: movedHub() });
			expect(error).toBeUndefined();
			expect(items[0].json.created).toBe(true);
			expect(hub().toolCalls('demo-create_event')).toBe(1);
			expect(hub().stats.redirected).toBeGreaterThanOrEqual(3);
		});

		it('refuses a redirect to another origin without sending it anything, naming the target', async () => {
			const target = `${elsewhere.origin}/hub/mcp`;
			hub().redirects.set('/old/mcp', { status: 307, to: target });
			const { error } = await run({ parameters: call('demo-echo_text'), credentials: movedHub() });
			expect(error?.message).toBe(`Refused to send the Civic token to ${target}: it is not the hub's own origin`);
			expect(error?.description).toMatch(/redirected the request there; the token goes only to the hub/);
			expect(elsewhere.requests()).toBe(0);
		});

		it('does not turn a POST into a GET on a 302, and says where the hub moved', async () => {
			hub().redirects.set('/old/mcp', { status: 302, to: '/hub/mcp' });
			const { error } = await run({ parameters: call('demo-echo_text'), credentials: movedHub() });
			expect(error?.message).toMatch(/^The Civic hub answered HTTP 302: moved to \/hub\/mcp: set the Hub URL to http:\/\/127\.0\.0\.1:\d+\/hub\/mcp$/);
		});
	});

	describe('malformed replies', () => {
		it('reports broken JSON as such', async () => {
			hub().faults.arm({ kind: 'malformed' }, { tool: 'demo-echo_text' });
			const { error } = await run({ parameters: call('demo-echo_text') });
			expect(error?.message).toBe('The Civic hub sent a reply that is not valid JSON');
		});

		it('reports a broken SSE event at once as a malformed reply, not after the timeout', async () => {
			hub().faults.arm({ kind: 'malformed', format: 'sse' }, { tool: 'demo-echo_text' });
			const started = Date.now();
			const { error } = await run({ parameters: call('demo-echo_text', {}, { timeout: 30, retries: 0 }) });
			expect(error?.message).toBe('The Civic hub sent a reply that is not valid JSON');
			expect(Date.now() - started).toBeLessThan(5_000);
		});
	});

	describe('token expiry', () => {
		it('warns, with the date, when the token expires within the warning window', async () => {
			const { items, hints } = await run({ credentials: credentialsFor(hub(), { apiToken: hub().tokens.expiringSoon(2) }), parameters: call('demo-echo_text') });
			expect(items).toHaveLength(1);
			expect(hints).toEqual([
				{
					message: expect.stringMatching(/^The Civic token expires in 47 hours, on \d{4}-\d\d-\d\d \d\d:\d\d UTC\. Generate a new token in Civic/),
					type: 'warning',
					location: 'outputPane',
				},
			]);
		});

		it('does not warn outside the window', async () => {
			const { hints } = await run({
				credentials: credentialsFor(hub(), { apiToken: hub().tokens.expiringSoon(2) }),
				parameters: call('demo-echo_text', {}, { expiryWarningDays: 1 }),
			});
			expect(hints).toEqual([]);
		});
	});

	describe('throughput', () => {
		it('keeps output order and pairing identical to a sequential run when calls run in parallel', async () => {
			hub().latencyMs = 30;
			const items = Array.from({ length: 12 }, (_, i) => ({ json: { name: `n${i}`, fail: i === 5 } }));
			const parameters = (parallelism: number) => ({
				...call('={{ $json.fail ? "demo-fail_tool" : "demo-echo_text" }}', {}, { parallelism }),
				jsonArguments: '={{ $json.fail ? "{}" : JSON.stringify({ name: $json.name }) }}',
			});
			let started = Date.now();
			const sequential = await run({ parameters: parameters(1), items, continueOnFail: true });
			const sequentialMs = Date.now() - started;
			started = Date.now();
			const parallel = await run({ parameters: parameters(4), items, continueOnFail: true });
			expect(parallel.items).toEqual(sequential.items);
			expect(parallel.items[5].json.error).toMatch(/demo-fail_tool/);
			expect(parallel.items.map((i) => i.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
			expect(Date.now() - started).toBeLessThan(sequentialMs);
		});

		it('stops at the first failing item in parallel as it would in sequence', async () => {
			const items = Array.from({ length: 6 }, (_, i) => ({ json: { fail: i === 2 } }));
			const { error } = await run({
				parameters: call('={{ $json.fail ? "no-such_tool" : "demo-echo_text" }}', {}, { parallelism: 3 }),
				items,
			});
			expect(error?.message).toBe('Tool "no-such_tool" does not exist in Civic profile "demo"');
			expect((error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(2);
		});

		// about half a second alone since the event-stream reader reads each byte once (it took 26 s
		// before); the wide limit is for a loaded machine, the test is about the bytes, not the time
		it('carries a 20 MB file through as binary data', async () => {
			const size = 20 * 1024 * 1024;
			const { items, error } = await run({ parameters: call('demo-export_report_blob', { sizeBytes: size }) });
			expect(error).toBeUndefined();
			expect(Buffer.from(items[0].binary!.data.data, 'base64').length).toBe(size);
		}, 180_000);
	});
});

/**
 * What a security review broke on the wire, each proved against the local hub: a call that
 * reached the hub is never sent twice, one execution's Stop never fails another's, a hostile
 * reply cannot stall n8n or fill its memory, and nothing is sent with an expired token.
 */
import type { INodeExecutionData } from 'n8n-workflow';
import { appCredentialsFor, credentialsFor, useHub } from '../../../harness/hub';
import { runNode } from '../../../harness/n8n';
import { jsonMode } from '../../../harness/parameters';

const NOT_IDEMPOTENT = { annotations: { idempotentHint: false } };

describe('the wire under attack and bad luck', () => {
	const hub = useHub({ resumable: true });

	it('finding 1: a paused stream whose resumption the hub answers 404 ends the call as maybe-run, and never runs it twice', async () => {
		hub().listedAs.set('demo-slow_task', NOT_IDEMPOTENT);
		hub().pauseStreams = { afterMs: 200, times: 1 };
		// the hub forgets the session between the pause and the resuming GET (a restart, a load balancer)
		hub().faults.arm({ kind: 'expireSession' }, { httpMethod: 'GET' });
		const { error } = await runNode({
			credentials: credentialsFor(hub()),
			parameters: jsonMode('demo-slow_task', '{"steps": 1, "stepMs": 500}'),
		});
		expect(error?.message).toMatch(/^The connection to the Civic hub at 127\.0\.0\.1:\d+ broke before its reply arrived$/);
		expect(error?.description).toMatch(/may have acted on it/);
		expect(error?.description).toMatch(/was not repeated: check whether it took effect/);
		await hub().quiet();
		expect(hub().toolCalls('demo-slow_task')).toBe(1);
		expect(hub().stats.methods['tools/call']).toBe(1);
	});

	it('finding 1: an idempotent call whose paused stream is lost is run again on a new session', async () => {
		hub().pauseStreams = { afterMs: 200, times: 1 };
		hub().faults.arm({ kind: 'expireSession' }, { httpMethod: 'GET' });
		const { items, error } = await runNode({
			credentials: credentialsFor(hub()),
			parameters: jsonMode('demo-slow_task', '{"steps": 1, "stepMs": 500}'),
		});
		expect(error).toBeUndefined();
		expect(items[0].json.text).toBe('Done after 1 steps');
		expect(hub().stats.sessionsCreated).toBe(2);
	});

	it('finding 2: an output that breaks its declared schema is reported as that, and the call is never repeated', async () => {
		hub().listedAs.set('demo-get_weather_structured', {
			outputSchema: { type: 'object', properties: { temperatureC: { type: 'string' } }, required: ['temperatureC'] },
		});
		// a first execution lists the tools; the second calls on that kept list, as a schedule does
		await runNode({ credentials: credentialsFor(hub()), parameters: jsonMode('demo-echo_text', '{}') });
		await hub().quiet();
		hub().resetStats();
		const { error } = await runNode({ credentials: credentialsFor(hub()), parameters: jsonMode('demo-get_weather_structured', '{"city": "Oslo"}') });
		expect(error?.message).toBe(
			'The tool "demo-get_weather_structured" ran, but its output does not match the output schema it declares: "temperatureC" must be a string, got the number 21.5',
		);
		expect(error?.description).toMatch(/^The tool did run: its result was not used, and the call was not repeated/);
		expect(hub().toolCalls('demo-get_weather_structured')).toBe(1);
		expect(hub().stats.methods['tools/list'] ?? 0).toBe(0);
	});

	it('finding 7: an exchanged token that expires mid-run is never sent once expired, not even to end its session', async () => {
		// tokens live 3 s; bob's call takes 4.5 s, so alice's first token has expired when her second item runs
		hub().auth.exchangedTokenSeconds = 3;
		const alice = hub().auth.userToken('alice');
		const bob = hub().auth.userToken('bob');
		const items: INodeExecutionData[] = [
			{ json: { token: alice, ms: 10 } },
			{ json: { token: bob, ms: 4500 } },
			{ json: { token: alice, ms: 10 } },
		];
		for (const mode of ['cli', 'manual'] as const) {
			const result = await runNode({
				credentials: appCredentialsFor(hub()),
				mode,
				parameters: jsonMode('demo-slow_task', '={{ JSON.stringify({ steps: 1, stepMs: $json.ms }) }}', {
					authentication: 'civicAppApi',
					userToken: '={{ $json.token }}',
					options: { parallelism: 1 },
				}),
				items,
			});
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json.text)).toEqual(Array(3).fill('Done after 1 steps'));
		}
		await new Promise((resolve) => setTimeout(resolve, 3500));
		await hub().quiet();
		expect(hub().stats.unauthorized).toEqual({});
	}, 40_000);

	describe('finding 10: replies', () => {
		afterEach(() => delete process.env.CIVIC_MAX_REPLY_MB);

		it('refuses a reply larger than the cap, naming the cap', async () => {
			process.env.CIVIC_MAX_REPLY_MB = '1';
			const huge = `event: message\ndata: {"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"${'x'.repeat(2 * 1024 * 1024)}"}]}}\n\n`;
			hub().faults.arm({ kind: 'oddReply', contentType: 'text/event-stream', body: huge }, { method: 'tools/call' });
			const { error } = await runNode({ credentials: credentialsFor(hub()), parameters: jsonMode('demo-echo_text', '{}', { options: { retries: 0 } }) });
			expect(error?.message).toBe('The reply from the Civic hub is larger than 1 MB, the most this node reads');
			expect(error?.description).toMatch(/CIVIC_MAX_REPLY_MB/);
		});

		it('reads a single 16 MB event of a stream whole', async () => {
			const name = 'y'.repeat(16 * 1024 * 1024);
			const { items, error } = await runNode({ credentials: credentialsFor(hub()), parameters: jsonMode('demo-echo_text', JSON.stringify({ name })) });
			expect(error).toBeUndefined();
			expect(items[0].json.text).toBe(`Hello, ${name}!`);
		});

		it('reads an error page of unclosed tags in one pass and keeps only its start', async () => {
			// a quadratic clean-up would take minutes on this page; the reply is read up to 64 KB
			hub().faults.arm({ kind: 'status', status: 500, body: `${'<script '.repeat(200_000)}` }, { tool: 'demo-echo_text' });
			const { error } = await runNode({ credentials: credentialsFor(hub()), parameters: jsonMode('demo-echo_text', '{}') });
			expect(error?.message).toMatch(/^The Civic hub answered HTTP 500/);
			expect(error!.message.length).toBeLessThan(400);
		});
	});

	it('finding 12: stopping one execution never fails another that waits for the same kept session', async () => {
		hub().latencyMs = 400;
		const stop = new AbortController();
		const stopped = runNode({ credentials: credentialsFor(hub()), parameters: jsonMode('demo-echo_text', '{"name": "A"}'), abortSignal: stop.signal });
		await new Promise((resolve) => setTimeout(resolve, 50));
		const other = runNode({ credentials: credentialsFor(hub()), parameters: jsonMode('demo-echo_text', '{"name": "B"}') });
		setTimeout(() => stop.abort(), 150);
		await stopped;
		const { items, error } = await other;
		expect(error).toBeUndefined();
		expect(items[0].json.text).toBe('Hello, B!');
		expect(hub().stats.methods.initialize).toBe(1);
	});
});

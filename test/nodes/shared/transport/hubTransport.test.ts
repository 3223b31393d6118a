import { credentialsFor, useHub } from '../../../harness/hub';
import { runNode } from '../../../harness/n8n';
import { jsonMode } from '../../../harness/parameters';

describe('the MCP transport, on replies as SDK servers with an event store write them', () => {
	// every SSE reply opens with `id: …`, `retry: 1000` and an empty `data:` line
	const hub = useHub({ resumable: true });

	it('skips the empty priming event and reads the message after it', async () => {
		const { items, error } = await runNode({
			credentials: credentialsFor(hub()),
			parameters: jsonMode('demo-get_weather_structured', '{"city": "Oslo"}'),
		});
		expect(error).toBeUndefined();
		expect(items[0].json.city).toBe('Oslo');
	});

	it('still delivers progress reports while a long tool runs', async () => {
		const { items, error } = await runNode({
			credentials: credentialsFor(hub()),
			parameters: jsonMode('demo-slow_task', '{"steps": 3, "stepMs": 700}', { options: { timeout: 1 } }),
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
	});

	it('fails a request at once when its event stream ends without an answer', async () => {
		hub().faults.arm({ kind: 'oddReply', contentType: 'text/event-stream', body: ': keep-alive\n\n' }, { method: 'tools/call' });
		const started = Date.now();
		const { error } = await runNode({ credentials: credentialsFor(hub()), parameters: jsonMode('demo-echo_text', '{}', { options: { retries: 0 } }) });
		expect(error?.message).toBe('The Civic hub answered HTTP 200: a reply that ended without an answer to the request');
		expect(Date.now() - started).toBeLessThan(2000);
	});

	describe('streams the hub pauses (MCP 2025-11-25, SEP-1699)', () => {
		it("resumes a call's stream with GET and Last-Event-ID after the hub's retry hint, and never repeats the call", async () => {
			// the hub closes the stream 200 ms in; the tool answers at 500 ms; its retry hint is 1000 ms
			hub().pauseStreams = { afterMs: 200, times: 1 };
			const started = Date.now();
			const { items, error } = await runNode({
				credentials: credentialsFor(hub()),
				parameters: jsonMode('demo-slow_task', '{"steps": 1, "stepMs": 500}', { options: { retries: 0 } }),
			});
			expect(error).toBeUndefined();
			expect(items[0].json.text).toBe('Done after 1 steps');
			expect(hub().stats.resumedStreams).toBe(1);
			expect(hub().toolCalls('demo-slow_task')).toBe(1);
			expect(hub().stats.methods['tools/call']).toBe(1);
			expect(Date.now() - started).toBeGreaterThanOrEqual(1150);
		});

		it('resumes as often as the hub pauses a long call, progress still arriving', async () => {
			hub().pauseStreams = { afterMs: 250, times: 1 };
			const { items, error } = await runNode({
				credentials: credentialsFor(hub()),
				parameters: jsonMode('demo-slow_task', '{"steps": 4, "stepMs": 700}', { options: { timeout: 2, retries: 0 } }),
			});
			expect(error).toBeUndefined();
			expect(items[0].json.text).toBe('Done after 4 steps');
			expect(hub().stats.resumedStreams).toBeGreaterThanOrEqual(2);
			expect(hub().toolCalls('demo-slow_task')).toBe(1);
		});
	});

	it('names what came instead of MCP, such as a proxy\'s web page', async () => {
		hub().faults.arm({ kind: 'oddReply', contentType: 'text/html', body: '<html>Sign in to the Wi-Fi</html>' }, { method: 'tools/call' });
		const { error } = await runNode({ credentials: credentialsFor(hub()), parameters: jsonMode('demo-echo_text', '{}') });
		expect(error?.message).toBe('The Civic hub answered HTTP 200: an unexpected reply (text/html) instead of MCP');
		expect(error?.description).toMatch(/something else than MCP; check the Hub URL/);
	});

	it('closes the connection of a call it gave up on (timeout), so a kept session collects no hung requests', async () => {
		hub().faults.arm({ kind: 'hang' }, { method: 'tools/call' });
		const { error } = await runNode({
			credentials: credentialsFor(hub()),
			parameters: jsonMode('demo-echo_text', '{}', { options: { timeout: 1, retries: 0 } }),
		});
		expect(error?.message).toBe('The Civic hub did not answer within 1 second');
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(hub().stats.hungUpOn).toBe(1);
		// the session itself is fine: the next call runs on it
		const { items } = await runNode({ credentials: credentialsFor(hub()), parameters: jsonMode('demo-echo_text', '{}') });
		expect(items[0].json.text).toBe('Hello, world!');
		expect(hub().stats.methods.initialize).toBe(1);
	});
});

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
});

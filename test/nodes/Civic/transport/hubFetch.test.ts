import { getEventListeners } from 'node:events';
import { hubFetch } from '../../../../nodes/Civic/transport/hubFetch';
import { useHub } from '../../../harness/hub';

describe('hubFetch', () => {
	const hub = useHub();

	it('leaves no listener behind on the session\'s own signal either', async () => {
		const session = new AbortController();
		const requests = Array.from({ length: 20 }, () =>
			hubFetch(hub().urlFor(), {
				method: 'POST',
				signal: session.signal,
				headers: {
					'content-type': 'application/json',
					accept: 'application/json, text/event-stream',
					authorization: `Bearer ${hub().tokens.valid()}`,
				},
				body: JSON.stringify({
					jsonrpc: '2.0',
					id: 1,
					method: 'initialize',
					params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
				}),
			}).then((r) => r.text()),
		);
		expect((await Promise.all(requests)).every((body) => body.includes('civic-local-hub'))).toBe(true);
		expect(getEventListeners(session.signal, 'abort')).toHaveLength(0);
	});

});

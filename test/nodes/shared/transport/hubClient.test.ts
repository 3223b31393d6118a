import { getEventListeners } from 'node:events';
import { readCredentials } from '../../../../nodes/shared/transport/credentials';
import { tokenAccess } from '../../../../nodes/shared/transport/hubAccess';
import { HubClient } from '../../../../nodes/shared/transport/hubClient';
import { credentialsFor, useHub } from '../../../harness/hub';
import { DEMO_TOOL_PAGES } from '../../../hub/directory';

describe('HubClient', () => {
	const hub = useHub();
	const connect = (signal?: AbortSignal) =>
		HubClient.connect(tokenAccess(readCredentials(credentialsFor(hub()))), { timeoutMs: 5000, signal });

	it('declares Civic\'s civic:rest-auth capability when it opens a session (node, list search, mapper and credential test share it)', async () => {
		const client = await connect();
		expect(hub().stats.lastClientCapabilities).toEqual({ experimental: { 'civic:rest-auth': { version: '1.0' } } });
		await client.close();
	});

	it('leaves no listener behind on the execution\'s signal, however many calls it makes', async () => {
		const execution = new AbortController();
		const client = await connect(execution.signal);
		for (let i = 0; i < 30; i++) await client.callTool('demo-echo_text', {});
		await client.listTools();
		expect(getEventListeners(execution.signal, 'abort').length).toBeLessThanOrEqual(1);
		await client.close();
	});

	it('lists tools once, however often asked, and retries a failed listing next time', async () => {
		const client = await connect();
		hub().faults.arm({ kind: 'status', status: 500 }, { method: 'tools/list' });
		await expect(client.listTools()).rejects.toMatchObject({ status: 500 });
		const [a, b] = await Promise.all([client.listTools(), client.listTools()]);
		expect(a).toBe(b);
		expect(hub().stats.methods['tools/list']).toBe(1 + DEMO_TOOL_PAGES);
		await client.close();
	});

	it('ends its session even when the hub never answers the DELETE', async () => {
		const client = await connect();
		hub().faults.arm({ kind: 'hang' }, { httpMethod: 'DELETE' });
		const started = Date.now();
		await client.close();
		expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
		expect(Date.now() - started).toBeLessThan(4500);
	});
});

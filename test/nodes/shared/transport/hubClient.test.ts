import { getEventListeners } from 'node:events';
import { readCredentials } from '../../../../nodes/shared/credentials/civicApiCredential';
import { tokenAccess } from '../../../../nodes/shared/transport/hubAccess';
import { HubClient } from '../../../../nodes/shared/transport/hubClient';
import { hubAgents } from '../../../../nodes/shared/transport/hubConnections';
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

	it('runs a cold start\'s own work while the handshake\'s reply is on its way, once per session', async () => {
		hub().latencyMs = 100;
		const seen: Array<{ sessionsOnHub: number }> = [];
		const work = () => seen.push({ sessionsOnHub: hub().stats.sessionsCreated });
		const access = tokenAccess(readCredentials(credentialsFor(hub())));
		const client = await HubClient.connect(access, { timeoutMs: 5000, handshake: { work } });
		// the initialize had left, and the hub had not yet answered it (that takes 100 ms)
		expect(seen).toEqual([{ sessionsOnHub: 0 }]);
		expect(hub().stats.sessionsCreated).toBe(1);
		await client.callTool('demo-echo_text', {});
		expect(seen).toHaveLength(1);
		await client.close();
	});

	it('opens the connections of parallel calls while the handshake is on its way, and none that are free already', async () => {
		// no connection kept from earlier tests: this is a cold start
		hubAgents()['http:'].destroy();
		hub().latencyMs = 100;
		const access = tokenAccess(readCredentials(credentialsFor(hub())));
		const client = await HubClient.connect(access, { timeoutMs: 5000, handshake: { connections: 6 } });
		// the handshake's own connection and five more, opened before its reply (100 ms) came
		expect(hub().stats.connections).toBe(6);
		hub().latencyMs = 0;
		const answers = await Promise.all(Array.from({ length: 6 }, () => client.callTool('demo-echo_text', {})));
		expect(answers).toHaveLength(6);
		await client.close();
		// warm: the connections are free, none is opened ahead again
		const opened = hub().stats.connections;
		const again = await HubClient.connect(access, { timeoutMs: 5000, handshake: { connections: 6 } });
		expect(hub().stats.connections).toBe(opened);
		await again.close();
	});

	it('opens no new session once ended, so a listing still reading pages leaves nothing open on the hub', async () => {
		const client = await connect();
		await client.close();
		await expect(client.listTools()).rejects.toThrow('The hub session has ended');
		expect(hub().stats.sessionsCreated).toBe(1);
		expect(hub().stats.sessionsDeleted).toBe(1);
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

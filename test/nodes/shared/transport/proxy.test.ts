/**
 * Behind a proxy, as n8n's own requests go: HTTP_PROXY for the hub, NO_PROXY to bypass it.
 * The variables are read once per process (as n8n reads them), so this file sets them
 * before the first hub request and runs in a process of its own (Jest: one per file).
 */
import { CivicHub } from '../../../hub/server';
import { closeAllSessions } from '../../../../nodes/shared/transport/sessionPool';
import { credentialsFor } from '../../../harness/hub';
import { runNode, testCredential } from '../../../harness/n8n';
import { jsonMode } from '../../../harness/parameters';
import { RecordingProxy } from '../../../harness/recordingProxy';

describe('hub requests behind a proxy', () => {
	let proxy: RecordingProxy;
	let proxied: CivicHub;
	let bypassed: CivicHub;
	const saved = { ...process.env };

	beforeAll(async () => {
		proxy = await RecordingProxy.start();
		proxied = await CivicHub.start();
		// another loopback address, which NO_PROXY names
		bypassed = await CivicHub.start({}, 0, '127.0.0.2');
		process.env.HTTP_PROXY = proxy.url;
		process.env.NO_PROXY = '127.0.0.2';
	});
	afterAll(async () => {
		process.env = saved;
		await Promise.all([proxy.stop(), proxied.stop(), bypassed.stop()]);
	});

	const host = (hub: CivicHub) => new URL(hub.url).host;

	it('sends the credential test, the session, tools, calls and the DELETE through the proxy', async () => {
		const tested = await testCredential(credentialsFor(proxied));
		expect(tested.status).toBe('OK');
		const { items, error } = await runNode({
			credentials: credentialsFor(proxied),
			parameters: jsonMode('demo-get_weather_structured', '{"city": "Oslo"}'),
		});
		expect(error).toBeUndefined();
		expect(items[0].json.city).toBe('Oslo');
		await closeAllSessions(); // the node's session is kept until then
		const methods = proxy.to(host(proxied)).map((r) => r.method);
		expect(methods.filter((m) => m === 'POST').length).toBeGreaterThanOrEqual(6);
		expect(methods.filter((m) => m === 'DELETE')).toHaveLength(2);
		expect(proxy.to(host(proxied)).every((r) => r.bearer)).toBe(true);
	});

	it('polls Civic\'s job status endpoint through the proxy too', async () => {
		proxied.authorizations.settings = { alreadyApproved: true };
		const { items } = await runNode({
			credentials: credentialsFor(proxied),
			parameters: jsonMode('google-gmail-send_message', '{"to": "a@b.c", "subject": "Hi"}', { options: { authorizationWait: 10 } }),
		});
		expect(items[0].json.sent).toBe(true);
		expect(proxy.to(host(proxied)).some((r) => r.method === 'GET' && r.url.includes('/user/jobs/'))).toBe(true);
	});

	it('goes straight to a host NO_PROXY names', async () => {
		await closeAllSessions();
		const before = proxy.seen.length;
		const { items } = await runNode({ credentials: credentialsFor(bypassed), parameters: jsonMode('demo-echo_text', '{}') });
		expect(items[0].json.text).toBe('Hello, world!');
		expect(bypassed.stats.methods['tools/call']).toBe(1);
		expect(proxy.seen.length).toBe(before);
	});

	it('says so when the proxy cannot reach the hub', async () => {
		const gone = await CivicHub.start();
		const url = gone.url;
		await gone.stop();
		const { error } = await runNode({
			credentials: { ...credentialsFor(proxied), hubUrl: url },
			parameters: jsonMode('demo-echo_text', '{}', { options: { retries: 0 } }),
		});
		expect(error?.message).toBe('The Civic hub answered HTTP 502: proxy: upstream failed');
	});
});

/**
 * The Civic node signed in with Civic Auth (Civic OAuth2 credential): the access token is
 * renewed through n8n's own refresh before it expires, once for all items, the rotated
 * refresh token saved; a refused renewal says to connect again and loses no item.
 */
import type { INodeParameters } from 'n8n-workflow';
import { oauthCredentialsFor, useHub } from '../../harness/hub';
import { runNode, TOOLKIT_NODE_TYPE } from '../../harness/n8n';
import { jsonMode } from '../../harness/parameters';
import { DEMO_CONFIDENTIAL_CLIENT } from '../../hub/signIn';
import { VALID_EVENT } from '../../hub/demoTools';

const asOAuth = (tool: string, args = '{}', extra: INodeParameters = {}) => jsonMode(tool, args, { authentication: 'civicOAuth2Api', ...extra });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Civic node with a Civic OAuth2 credential', () => {
	const hub = useHub();

	it('runs a tool as the person who signed in, with the profile as Civic URL parameters', async () => {
		const credentials = oauthCredentialsFor(hub());
		const { items, error } = await runNode({ credentials, parameters: asOAuth('demo-echo_text', '{"name": "Ada"}') });
		expect(error).toBeUndefined();
		expect(items[0].json.text).toBe('Hello, Ada!');
		expect(hub().stats.lastQuery?.get('profile')).toBe('demo');
		expect(hub().auth.signIn.stats.refreshes).toEqual({});
	});

	it('renews across two expiries before the hub sees an expired token: one refresh each, the rotated refresh token kept', async () => {
		hub().auth.signIn.accessTokenSeconds = 3;
		const credentials = oauthCredentialsFor(hub());
		const firstRefreshToken = credentials.oauthTokenData.refresh_token;
		for (let run = 0; run < 3; run++) {
			if (run) await sleep(3100);
			const { items, error } = await runNode({ credentials, parameters: asOAuth('demo-echo_text', '{"name": "Ada"}') });
			expect(error).toBeUndefined();
			expect(items[0].json.text).toBe('Hello, Ada!');
		}
		expect(hub().auth.signIn.stats.refreshes).toEqual({ 'oauth-ada': 2 });
		expect(credentials.oauthTokenData.refresh_token).not.toBe(firstRefreshToken);
		expect(hub().stats.unauthorized).toEqual({});
		// the kept session went on with each new token: no handshake beyond the first
		expect(hub().stats.methods.initialize).toBe(1);
	}, 30_000);

	it('renews once for 8 items at Parallel Calls 8 that meet an expiry together', async () => {
		hub().auth.signIn.accessTokenSeconds = 3;
		const credentials = oauthCredentialsFor(hub());
		await sleep(3100);
		const { items, error } = await runNode({
			credentials,
			parameters: asOAuth('demo-echo_text', '={{ JSON.stringify({ name: "n" + $itemIndex }) }}', { options: { parallelism: 8 } }),
			items: Array.from({ length: 8 }, () => ({ json: {} })),
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.text)).toEqual(Array.from({ length: 8 }, (_, i) => `Hello, n${i}!`));
		expect(hub().auth.signIn.stats.refreshes).toEqual({ 'oauth-ada': 1 });
		expect(hub().stats.unauthorized).toEqual({});
	});

	it('renews once and runs again when the hub refuses a token that should still be valid (a 401 ran nothing)', async () => {
		const credentials = oauthCredentialsFor(hub());
		hub().faults.arm({ kind: 'status', status: 401 }, { method: 'tools/call' });
		const { items, error } = await runNode({ credentials, parameters: asOAuth('demo-create_event', JSON.stringify(VALID_EVENT)) });
		expect(error).toBeUndefined();
		expect(items[0].json.created).toBe(true);
		expect(hub().auth.signIn.stats.refreshes).toEqual({ 'oauth-ada': 1 });
		expect(hub().toolCalls('demo-create_event')).toBe(1);
	});

	it('says to connect again when Civic refuses the renewal, names the credential, loses no item and shows no token', async () => {
		hub().auth.signIn.accessTokenSeconds = 3;
		const credentials = oauthCredentialsFor(hub());
		hub().auth.signIn.revoke('oauth-ada');
		await sleep(3100);
		const result = await runNode({ credentials, parameters: asOAuth('demo-echo_text'), items: [{ json: {} }, { json: {} }], continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		for (const item of result.items) {
			expect(item.json.error).toBe('The Civic OAuth2 credential "Civic OAuth (test)" must be connected again: Civic no longer accepts its sign-in');
			expect(item.json.description).toMatch(/^Open the credential "Civic OAuth \(test\)" and click "Connect my account"/);
		}
		expect(hub().stats.httpRequests).toBe(0);
		const text = JSON.stringify(result);
		for (const secret of hub().auth.signIn.stats.issued) expect(text).not.toContain(secret);
	});

	it('works for a confidential client (with a Client Secret) too', async () => {
		hub().auth.signIn.accessTokenSeconds = 3;
		const credentials = oauthCredentialsFor(hub(), 'oauth-cy', DEMO_CONFIDENTIAL_CLIENT);
		await sleep(3100);
		const { items, error } = await runNode({ credentials, parameters: asOAuth('demo-echo_text') });
		expect(error).toBeUndefined();
		expect(items[0].json.text).toBe('Hello, world!');
		expect(hub().auth.signIn.stats.refreshes).toEqual({ 'oauth-cy': 1 });
	});

	it('says how to connect a credential that was never connected', async () => {
		const { oauthTokenData: _never, ...credentials } = oauthCredentialsFor(hub());
		const { error } = await runNode({ credentials, parameters: asOAuth('demo-echo_text') });
		expect(error?.message).toBe('The Civic OAuth2 credential is not connected yet: open it and click "Connect my account" to sign in with Civic');
	});
});

describe('Get Token Info with a Civic OAuth2 credential', () => {
	const hub = useHub();

	it('says when the access token expires and that it renews itself, and asks the hub', async () => {
		const { items, error } = await runNode({ credentials: oauthCredentialsFor(hub()), parameters: { operation: 'getTokenInfo', authentication: 'civicOAuth2Api', askHub: true } });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			profile: 'demo',
			renewsItself: true,
			hubAccepts: true,
			accessTokenExpiresAt: expect.stringMatching(/^\d{4}-/),
			message: expect.stringMatching(/^The Civic OAuth2 sign-in for profile "demo" renews its access token by itself/),
		});
	});
});

describe('Civic Toolkit with a Civic OAuth2 credential', () => {
	const hub = useHub();

	it("answers AI Agent 3's calls across an expiry: one renewal, no 401", async () => {
		hub().auth.signIn.accessTokenSeconds = 3;
		const credentials = oauthCredentialsFor(hub());
		const call = () =>
			runNode({
				credentials,
				nodeType: TOOLKIT_NODE_TYPE,
				parameters: { authentication: 'civicOAuth2Api', include: 'all', options: {} },
				items: [{ json: { tool: 'Civic_demo-echo_text', name: 'Ada', toolCallId: 'c1' } }],
			});
		expect((await call()).items[0].json).toEqual({ text: 'Hello, Ada!' });
		await sleep(3100);
		expect((await call()).items[0].json).toEqual({ text: 'Hello, Ada!' });
		expect(hub().auth.signIn.stats.refreshes).toEqual({ 'oauth-ada': 1 });
		expect(hub().stats.unauthorized).toEqual({});
	});
});

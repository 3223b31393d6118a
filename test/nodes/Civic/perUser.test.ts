import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { searchTools } from '../../../nodes/Civic/methods/listSearch';
import { keptSessions } from '../../../nodes/shared/transport/sessionPool';
import { APP_PROFILE } from '../../hub/directory';
import { appCredentialsFor, useHub } from '../../harness/hub';
import { loadOptionsContext, runNode, type RunOptions } from '../../harness/n8n';
import { jsonMode } from '../../harness/parameters';

/** Run Tool as each item's end user, the token read from the item as a webhook would hand it on. */
const asUsers = (tool: string, args = '{}', extra: INodeParameters = {}): INodeParameters =>
	jsonMode(tool, args, { authentication: 'civicAppApi', userToken: '={{ $json.token }}', userTokenType: 'idToken', ...extra });

describe('Civic node as an app\'s end users (Civic App)', () => {
	const hub = useHub();
	const run = (options: Omit<RunOptions, 'credentials'> & { credentials?: RunOptions['credentials'] }) =>
		runNode({ credentials: appCredentialsFor(hub()), ...options });
	const itemsFor = (...tokens: string[]): INodeExecutionData[] => tokens.map((token) => ({ json: { token } }));

	/** Nothing any part of the run produced holds a secret: the client secret, a user's token or an exchanged one. */
	function expectNoSecrets(result: unknown, userTokens: string[]) {
		const text = JSON.stringify(result, (_k, v: unknown) => (v instanceof Error ? { ...v, message: v.message, description: (v as { description?: string }).description } : v));
		for (const secret of [appCredentialsFor(hub()).clientSecret, ...userTokens, ...hub().auth.stats.issued]) expect(text).not.toContain(secret);
	}

	it('runs each item as its own user at Parallel Calls 4: one exchange and one session per user, nothing crossed', async () => {
		const alice = hub().auth.userToken('alice');
		const bob = hub().auth.userToken('bob');
		const carol = hub().auth.userToken('carol');
		// a forwarded Authorization header keeps its "Bearer "
		const order = [alice, bob, carol, `Bearer ${alice}`, bob, carol, alice, bob];
		const result = await run({ parameters: asUsers('demo-who_am_i', '{}', { options: { parallelism: 4 } }), items: itemsFor(...order) });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.user)).toEqual(['alice', 'bob', 'carol', 'alice', 'bob', 'carol', 'alice', 'bob']);
		expect(result.items.every((item) => item.json.profile === APP_PROFILE.alias)).toBe(true);
		expect(result.items.map((item) => item.pairedItem)).toEqual(order.map((_, item) => ({ item })));
		expect(hub().auth.stats.exchanges).toEqual({ alice: 1, bob: 1, carol: 1 });
		expect(hub().stats.sessionsByUser).toEqual({ alice: 1, bob: 1, carol: 1 });
		expect(keptSessions()).toBe(3);
		// Civic's way for apps: Basic client authentication, the profile in the exchange and as a header, no URL parameters
		expect(hub().auth.stats.lastClientAuth).toBe('basic');
		expect(hub().auth.stats.lastForm).toMatchObject({
			grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
			subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
			civic_profile: APP_PROFILE.id,
		});
		expect(hub().stats.lastHeaders?.['x-civic-profile-id']).toBe(APP_PROFILE.id);
		expect([...(hub().stats.lastQuery?.keys() ?? [])]).toEqual([]);
		expectNoSecrets(result, [alice, bob, carol]);
	});

	it('a second run of the same users reuses their exchanged tokens and sessions', async () => {
		const alice = hub().auth.userToken('alice');
		const bob = hub().auth.userToken('bob');
		await run({ parameters: asUsers('demo-who_am_i'), items: itemsFor(alice, bob) });
		hub().resetStats();
		const again = await run({ parameters: asUsers('demo-who_am_i'), items: itemsFor(bob, alice) });
		expect(again.items.map((item) => item.json.user)).toEqual(['bob', 'alice']);
		expect(hub().auth.exchangesFor('alice') + hub().auth.exchangesFor('bob')).toBe(2);
		expect(hub().stats.sessionsCreated).toBe(0);
		expect(hub().stats.methods).toEqual({ 'tools/call': 2 });
	});

	it('a refused user token fails that item only, says it was the end user\'s, and continue-on-fail carries it', async () => {
		const alice = hub().auth.userToken('alice');
		const expired = hub().auth.userToken('mallory', { expiresIn: -60 });
		const bob = hub().auth.userToken('bob');
		const result = await run({ parameters: asUsers('demo-who_am_i'), items: itemsFor(alice, expired, bob), continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.user).toBe('alice');
		expect(result.items[1].json.error).toMatch(/^Civic refused the end user's token \(invalid_grant\)/);
		expect(result.items[1].json.description).toContain('Civic said: "Token expired"');
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
		expect(result.items[2].json.user).toBe('bob');
		expectNoSecrets(result, [alice, expired, bob]);

		const stopped = await run({ parameters: asUsers('demo-who_am_i'), items: itemsFor(alice, expired) });
		expect(stopped.error?.message).toMatch(/^Civic refused the end user's token/);
	});

	it('a token the identity provider did not sign, or one with no user, is the user\'s fault too', async () => {
		const { CivicAuth } = await import('../../hub/civicAuth');
		const stranger = new CivicAuth(hub().tokens).userToken('eve');
		const anonymous = hub().auth.userToken('x', { claims: { sub: undefined } });
		const result = await run({ parameters: asUsers('demo-who_am_i'), items: itemsFor(stranger, anonymous), continueOnFail: true });
		expect(result.items.map((item) => item.json.description)).toEqual([
			expect.stringContaining('"Signature verification failed"'),
			expect.stringContaining('"Missing user identifier claim"'),
		]);
	});

	it('a wrong Client Secret fails the run, naming the credential, and never shows the secret', async () => {
		const alice = hub().auth.userToken('alice');
		const wrong = 'wrong-secret-5f2e8d1c';
		const parameters = asUsers('demo-who_am_i');
		const credentials = appCredentialsFor(hub(), { clientSecret: wrong });
		const result = await run({ parameters, items: itemsFor(alice, alice), credentials });
		expect(result.error?.message).toBe("Civic refused the Civic App credential's Client ID or Client Secret (invalid_client)");
		expect(JSON.stringify(result.error)).not.toContain(wrong);
		expectNoSecrets(result.error, [alice]);

		// under continue-on-fail no user can get through either: every item says so, and no further exchange is tried
		hub().auth.stats.requests = 0;
		const carried = await run({ parameters, items: itemsFor(alice, hub().auth.userToken('bob'), alice), credentials, continueOnFail: true });
		expect(carried.error).toBeUndefined();
		expect(carried.items.map((item) => item.json.error)).toEqual(Array(3).fill("Civic refused the Civic App credential's Client ID or Client Secret (invalid_client)"));
		expect(hub().auth.stats.requests).toBe(1);
		expect(hub().stats.methods).toEqual({});
		expectNoSecrets(carried, [alice]);
	});

	it('an app whose token exchange Civic has not set up fails with the set-up step', async () => {
		hub().auth.apps.get(appCredentialsFor(hub()).clientId)!.exchangeConfigured = false;
		const result = await run({ parameters: asUsers('demo-who_am_i'), items: itemsFor(hub().auth.userToken('alice')) });
		expect(result.error?.message).toBe(
			"Civic cannot exchange this end user's token (invalid_request): no token exchange is set up for the identity provider that issued it",
		);
		expect((result.error as { description?: string }).description).toContain("connect it to the app's Client ID");
	});

	it('finding 5: one user whose token Civic cannot exchange fails only that user\'s item, with that user\'s words', async () => {
		const alice = hub().auth.userToken('alice');
		const mallory = hub().auth.userToken('mallory', { otherIssuer: true });
		const bob = hub().auth.userToken('bob');
		const result = await run({ parameters: asUsers('demo-who_am_i'), items: itemsFor(alice, mallory, bob), continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ user: 'alice' });
		expect(String(result.items[1].json.error)).toMatch(/^Civic cannot exchange this end user's token/);
		expect(result.items[2].json).toMatchObject({ user: 'bob' });
		expect(hub().auth.exchangesFor('bob')).toBe(1);
		expectNoSecrets(result, [alice, mallory, bob]);
	});

	it('an item without a user token names the parameter and loses no item', async () => {
		const alice = hub().auth.userToken('alice');
		const result = await run({ parameters: asUsers('demo-who_am_i'), items: [{ json: { token: alice } }, { json: {} }], continueOnFail: true });
		expect(result.items[0].json.user).toBe('alice');
		expect(result.items[1].json).toMatchObject({
			error: 'The parameter "User Token" is empty for item 2: there is no end user to act as',
			description: expect.stringContaining('{{ $json.headers.authorization }}'),
		});
	});

	it('exchanges again before a token expires, so a long run never sends an expired one', async () => {
		// tokens live 2 s: each is used for 1 s (Civic's SDKs renew min(30 s, half the life) early)
		hub().auth.exchangedTokenSeconds = 2;
		const alice = hub().auth.userToken('alice');
		const result = await run({
			parameters: asUsers('demo-slow_task', '{"steps": 1, "stepMs": 450}'),
			items: itemsFor(alice, alice, alice, alice, alice),
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.text)).toEqual(Array(5).fill('Done after 1 steps'));
		expect(hub().auth.exchangesFor('alice')).toBeGreaterThanOrEqual(2);
		// each renewed token opened its own session, and the old one was ended
		expect(hub().stats.sessionsByUser.alice).toBe(hub().auth.exchangesFor('alice'));
		expect(keptSessions()).toBe(1);
		// none is kept longer than its token lives (sessions are otherwise kept for 5 minutes)
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(keptSessions()).toBe(0);
	});

	it('sends a Civic Auth token to the hub as it is, without an exchange', async () => {
		const civicToken = hub().tokens.mint({ profileId: null, claims: { sub: 'dora' } });
		const result = await run({ parameters: asUsers('demo-who_am_i', '{}', { userTokenType: 'civic' }), items: itemsFor(civicToken) });
		expect(result.items[0].json).toMatchObject({ user: 'dora', profile: APP_PROFILE.alias });
		expect(hub().auth.stats.requests).toBe(0);
	});

	it("finding 6: never uses an exchanged token past the expiry of the user's own token it came from", async () => {
		// a token endpoint that hands out an hour whatever the user's own token has left
		hub().auth.outlivesUserToken = true;
		const alice = hub().auth.userToken('alice', { expiresIn: 2 });
		const first = await run({ parameters: asUsers('demo-who_am_i'), items: itemsFor(alice) });
		expect(first.items[0].json.user).toBe('alice');
		await new Promise((resolve) => setTimeout(resolve, 2200));
		const later = await run({ parameters: asUsers('demo-who_am_i'), items: itemsFor(alice), continueOnFail: true });
		expect(String(later.items[0].json.error)).toMatch(/^Civic refused the end user's token \(invalid_grant\)/);
		expect(hub().stats.methods['tools/call']).toBe(1);
	});

	it('finding 6: List Tools lists as each item\'s own user', async () => {
		const result = await run({
			parameters: { operation: 'listTools', authentication: 'civicAppApi', userToken: '={{ $json.token }}' },
			items: itemsFor(hub().auth.userToken('alice'), hub().auth.userToken('bob')),
		});
		const perItem = [0, 1].map((item) => result.items.filter((out) => (out.pairedItem as { item: number }).item === item).map((out) => out.json.name));
		expect(perItem).toEqual([[...APP_PROFILE.tools, 'continue_job'], [...APP_PROFILE.tools, 'continue_job']]);
		expect(hub().stats.sessionsByUser).toEqual({ alice: 1, bob: 1 });
	});

	it('names the profile by its alias as x-civic-profile, or by its UUID as x-civic-profile-id (then locking the exchange to it)', async () => {
		const alice = hub().auth.userToken('alice');
		const byAlias = await run({ parameters: asUsers('demo-who_am_i'), items: itemsFor(alice), credentials: appCredentialsFor(hub(), { profileId: APP_PROFILE.alias }) });
		expect(byAlias.items[0].json).toMatchObject({ user: 'alice', profile: APP_PROFILE.alias });
		expect(hub().stats.lastHeaders?.['x-civic-profile']).toBe(APP_PROFILE.alias);
		expect(hub().auth.stats.lastForm?.civic_profile).toBeUndefined();
		await run({ parameters: asUsers('demo-who_am_i'), items: itemsFor(hub().auth.userToken('bob')) });
		expect(hub().stats.lastHeaders?.['x-civic-profile-id']).toBe(APP_PROFILE.id);
		expect(hub().auth.stats.lastForm?.civic_profile).toBe(APP_PROFILE.id);
	});

	it('lists the tools a user sees with List Tools', async () => {
		const result = await run({
			parameters: { operation: 'listTools', authentication: 'civicAppApi', userToken: '={{ $json.token }}' },
			items: itemsFor(hub().auth.userToken('alice')),
		});
		expect(result.items.map((item) => item.json.name)).toEqual([...APP_PROFILE.tools, 'continue_job']);
	});

	it('Get Token Info says a Civic App has no token to read', async () => {
		const result = await run({ parameters: { operation: 'getTokenInfo', authentication: 'civicAppApi', userToken: 'any' } });
		expect(result.error?.message).toBe('Get Token Info reads the token of a Civic API credential; a Civic App has none');
	});

	it('each user authorizes their own services: one user\'s authorization never serves another', async () => {
		const alice = hub().auth.userToken('alice');
		const bob = hub().auth.userToken('bob');
		hub().authorizations.settings = { approveAfterMs: 200 };
		const mail = '{"to": "ada@example.com", "subject": "Hi", "body": "Hello"}';
		const first = await run({ parameters: asUsers('google-gmail-send_message', mail, { options: { authorizationWait: 5 } }), items: itemsFor(alice) });
		expect(first.error).toBeUndefined();
		hub().authorizations.settings = {};
		const second = await run({ parameters: asUsers('google-gmail-send_message', mail), items: itemsFor(alice, bob), continueOnFail: true });
		expect(second.items[0].json.error).toBeUndefined();
		expect(second.items[1].json.error).toMatch(/authoriz/i);
	});

	describe('in the editor', () => {
		it('lists tools as a user whose token is typed in as it is', async () => {
			const ctx = loadOptionsContext(asUsers('', '{}', { userToken: hub().auth.userToken('alice') }), appCredentialsFor(hub()));
			const { results } = await searchTools.call(ctx);
			expect(results.map((r) => r.value)).toEqual(APP_PROFILE.tools);
		});

		it('says what to do when User Token is an expression, which has no value there', async () => {
			const ctx = loadOptionsContext(asUsers(''), appCredentialsFor(hub()));
			await expect(searchTools.call(ctx)).rejects.toMatchObject({
				message: expect.stringContaining('"User Token" is an expression'),
				description: expect.stringContaining('By Name'),
			});
			expect(hub().auth.stats.requests).toBe(0);
		});
	});
});

import { forgetExchangedTokens, userHubToken } from '../../../../nodes/shared/token/exchangedTokens';
import { TokenExchangeError } from '../../../../nodes/shared/token/tokenExchange';
import { readAppCredentials } from '../../../../nodes/shared/credentials/civicAppCredential';
import { startElsewhere } from '../../../harness/elsewhere';
import { appCredentialsFor, useHub } from '../../../harness/hub';

describe('exchanged tokens, per user', () => {
	const hub = useHub();
	const app = () => readAppCredentials(appCredentialsFor(hub()));

	it('shares one exchange in flight among the items of one user, and keeps each user apart', async () => {
		const alice = hub().auth.userToken('alice');
		const bob = hub().auth.userToken('bob');
		const got = await Promise.all([alice, alice, bob, alice, bob].map((token) => userHubToken(app(), token, 'idToken')));
		expect(hub().auth.stats.exchanges).toEqual({ alice: 1, bob: 1 });
		expect(new Set(got.map((g) => g.token)).size).toBe(2);
		expect(got[0].user).not.toBe(got[2].user);
		// the key is a hash: neither the user's token nor the exchanged one
		expect(got[0].user).toMatch(/^[0-9a-f]{64}$/);
	});

	it('uses a token until min(30 s, half its life) before it expires, then exchanges again', async () => {
		hub().auth.exchangedTokenSeconds = 1;
		const alice = hub().auth.userToken('alice');
		const first = await userHubToken(app(), alice, 'idToken');
		expect((await userHubToken(app(), alice, 'idToken')).token).toBe(first.token);
		await new Promise((resolve) => setTimeout(resolve, 550));
		const renewed = await userHubToken(app(), alice, 'idToken');
		expect(renewed.token).not.toBe(first.token);
		expect(hub().auth.exchangesFor('alice')).toBe(2);
	});

	it('keeps no refused exchange: the next item asks again', async () => {
		const alice = hub().auth.userToken('alice');
		const secret = appCredentialsFor(hub()).clientSecret;
		const wrong = readAppCredentials(appCredentialsFor(hub(), { clientSecret: 'wrong' }));
		await expect(userHubToken(wrong, alice, 'idToken')).rejects.toMatchObject({ fault: 'client', code: 'invalid_client' });
		await expect(userHubToken(wrong, alice, 'idToken')).rejects.toBeInstanceOf(TokenExchangeError);
		expect(hub().auth.stats.requests).toBe(2);
		// a fixed secret is another key: it is not served the refusal
		expect((await userHubToken(app(), alice, 'idToken')).token).toBeTruthy();
		expect(secret).toBe(app().clientSecret);
	});

	it('asks for an access token as an access token', async () => {
		forgetExchangedTokens();
		await userHubToken(app(), hub().auth.userToken('alice'), 'accessToken');
		expect(hub().auth.stats.lastForm?.subject_token_type).toBe('urn:ietf:params:oauth:token-type:access_token');
	});

	it("names an unreachable token URL by its host, after retrying", async () => {
		const gone = readAppCredentials(appCredentialsFor(hub(), { tokenUrl: 'http://127.0.0.1:9/oauth/token' }));
		await expect(userHubToken(gone, hub().auth.userToken('alice'), 'idToken')).rejects.toMatchObject({ fault: 'unreachable', code: 'ECONNREFUSED' });
	});

	it('sends the client secret and the user token nowhere but the Token URL: a redirect elsewhere is not followed', async () => {
		const elsewhere = await startElsewhere();
		try {
			hub().redirects.set('/oauth/token', { status: 307, to: `${elsewhere.origin}/oauth/token` });
			await expect(userHubToken(app(), hub().auth.userToken('alice'), 'idToken')).rejects.toMatchObject({ fault: 'redirected' });
			expect(elsewhere.requests()).toBe(0);
		} finally {
			await elsewhere.close();
		}
	});
});

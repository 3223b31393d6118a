import { NodeOperationError, type INode } from 'n8n-workflow';
import { forgetOAuthTokens, OAuthReconnectError, oauthToken, renewToken } from '../../../../nodes/shared/token/oauthTokens';

const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
const seconds = (fromNow: number) => Math.floor(Date.now() / 1000) + fromNow;
const stale = jwt({ iat: seconds(-3600), exp: seconds(-1) });
const node = { name: 'Civic', type: 'n8n-nodes-civic.civic', typeVersion: 1, parameters: {}, position: [0, 0], id: 'n' } as INode;

/** A renewal whose refresh fails with `error`, the credential still holding the stale token. */
const refusedWith = (error: unknown) =>
	renewToken(
		{ credentialId: 'cred-1', credentialName: 'Civic OAuth (mine)', refresh: () => Promise.reject(error), read: async () => oauthToken(stale) },
		stale,
	);

describe('renewing a Civic OAuth2 access token', () => {
	afterEach(() => forgetOAuthTokens());

	it("says to connect again when n8n 1.x hands on Civic Auth's invalid_grant", async () => {
		const error = Object.assign(new Error('invalid_grant'), { body: { error: 'invalid_grant', error_description: 'grant revoked' } });
		await expect(refusedWith(error)).rejects.toThrow(new OAuthReconnectError('Civic OAuth (mine)', 'invalid_grant: grant revoked'));
	});

	it('says to connect again when n8n 2.x has replaced the refusal with its own "needs to be reconnected" error', async () => {
		// as n8n-core 2.x builds it in request-helpers/oauth.js when the refresh grant is refused
		// (the n8n-workflow this package builds with predates `failure`, so it is set as 2.x sets it)
		const error = Object.assign(new NodeOperationError(node, 'The credential "Civic OAuth (mine)" needs to be reconnected.', { level: 'warning' }), {
			failure: { cause: 'credential-invalid' },
		});
		await expect(refusedWith(error)).rejects.toBeInstanceOf(OAuthReconnectError);
	});

	it('hands on any other failure of the renewal as it is (Civic Auth unreachable is not a reason to reconnect)', async () => {
		const error = new Error('connect ECONNREFUSED 127.0.0.1:9');
		await expect(refusedWith(error)).rejects.toBe(error);
	});

	it("uses the token another process saved when this one's renewal was refused", async () => {
		const fresh = jwt({ iat: seconds(0), exp: seconds(3600) });
		const renewed = await renewToken(
			{
				credentialId: 'cred-2',
				credentialName: 'Civic OAuth (mine)',
				refresh: () => Promise.reject(Object.assign(new Error('invalid_grant'), { body: { error: 'invalid_grant' } })),
				read: async () => oauthToken(fresh),
			},
			stale,
		);
		expect(renewed.token).toBe(fresh);
	});

	it('waits a moment in queue mode and uses the token another worker saved meanwhile, renewing nothing itself', async () => {
		const fresh = jwt({ iat: seconds(0), exp: seconds(3600) });
		const refresh = jest.fn(async () => undefined);
		const renewed = await renewToken({ credentialId: 'cred-3', credentialName: 'Civic OAuth (mine)', refresh, read: async () => oauthToken(fresh), spreadMs: 20 }, stale);
		expect([renewed.token === fresh, refresh.mock.calls.length]).toEqual([true, 0]);
	});
});

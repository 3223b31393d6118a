import type { IDataObject } from 'n8n-workflow';
import { CivicHub, type HubOptions } from '../hub/server';
import { DEMO_ACCOUNT_ID, DEMO_PROFILE } from '../hub/directory';
import { closeAllSessions } from '../../nodes/shared/transport/sessionPool';
import { forgetListings } from '../../nodes/shared/transport/toolListCache';
import { forgetExchangedTokens } from '../../nodes/shared/token/exchangedTokens';
import { demoAppCredential } from '../hub/civicAuth';
import { DEMO_OAUTH_CLIENT, type OAuthClient } from '../hub/signIn';
import { forgetOAuthTokens } from '../../nodes/shared/token/oauthTokens';

/** Starts a local hub for a test file and stops it afterwards. */
export function useHub(options: HubOptions = {}): () => CivicHub {
	let hub: CivicHub;
	beforeAll(async () => {
		hub = await CivicHub.start(options);
	});
	afterAll(async () => {
		await closeAllSessions();
		await hub.stop();
	});
	// every test starts cold: sessions kept by earlier tests are ended before the counts reset
	beforeEach(async () => {
		await closeAllSessions();
		forgetListings();
		hub.faults.clear();
		hub.authorizations.reset();
		hub.auth.reset();
		forgetExchangedTokens();
		forgetOAuthTokens();
		hub.redirects.clear();
		hub.hiddenTools.clear();
		hub.changedSchemas.clear();
		hub.listedAs.clear();
		hub.latencyMs = 0;
		hub.pauseStreams = undefined;
		hub.resetStats();
	});
	return () => hub;
}

/** One token per hub, as a user has one: a new token would be a new kept session. */
const tokens = new WeakMap<CivicHub, string>();

/** Civic API credential data pointing at the local hub. */
export function credentialsFor(hub: CivicHub, overrides: Record<string, unknown> = {}) {
	const apiToken = tokens.get(hub) ?? hub.tokens.valid();
	tokens.set(hub, apiToken);
	return {
		accountId: DEMO_ACCOUNT_ID,
		profile: DEMO_PROFILE.alias,
		apiToken,
		hubUrl: hub.url,
		lock: true,
		skills: '',
		...overrides,
	};
}

/** Civic App credential data for the local hub's demo app, its users on the app profile. */
export function appCredentialsFor(hub: CivicHub, overrides: Record<string, unknown> = {}) {
	return { ...demoAppCredential(hub), ...overrides };
}

/**
 * Civic OAuth2 credential data as n8n hands it to a node once "Connect my account" is done:
 * its hidden fields resolved, and the token endpoint's reply under `oauthTokenData`. The
 * object is the store: n8n's refresh saves into it, as into n8n's database.
 */
export function oauthCredentialsFor(hub: CivicHub, user = 'oauth-ada', client: OAuthClient = DEMO_OAUTH_CLIENT) {
	return {
		clientId: client.clientId,
		clientSecret: client.clientSecret ?? '',
		grantType: 'pkce',
		authentication: client.clientSecret ? 'header' : 'body',
		civicAuthUrl: hub.civicAuthUrl,
		authUrl: `${hub.civicAuthUrl}/auth`,
		accessTokenUrl: `${hub.civicAuthUrl}/token`,
		scope: 'openid profile email offline_access',
		authQueryParameters: 'prompt=consent',
		accountId: DEMO_ACCOUNT_ID,
		profile: DEMO_PROFILE.alias,
		hubUrl: hub.url,
		lock: true,
		skills: '',
		oauthTokenData: hub.auth.signIn.connect(user, client) as IDataObject,
	};
}


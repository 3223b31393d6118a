import { randomUUID } from 'node:crypto';
import { readBody, reply } from './httpReplies';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { generateSigningKeys, signJwt, verifyJwt, type JwtClaims, type KeyPair } from './jwt';
import type { TokenMinter } from './tokens';
import { APP_PROFILE, DEMO_ACCOUNT_ID } from './directory';
import { SignInServer } from './signIn';

export const TOKEN_PATH = '/oauth/token';
const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const SUBJECT_TYPES = new Set(['urn:ietf:params:oauth:token-type:id_token', 'urn:ietf:params:oauth:token-type:access_token']);

/** An app registered with Civic: its client, its account, and whether its token exchange is set up. */
export interface CivicApp {
	clientId: string;
	clientSecret: string;
	accountId: string;
	/** False: Civic knows the client, but no identity provider is connected for exchange. */
	exchangeConfigured: boolean;
}

export const DEMO_APP: CivicApp = {
	clientId: 'demo-app-client',
	clientSecret: 'demo-app-secret-7c1f9e2a40b6',
	accountId: DEMO_ACCOUNT_ID,
	exchangeConfigured: true,
};

/** Civic App credential data for the demo app on a local hub, its users on the app profile. */
export function demoAppCredential(hub: { tokenUrl: string; url: string }) {
	return { clientId: DEMO_APP.clientId, clientSecret: DEMO_APP.clientSecret, tokenUrl: hub.tokenUrl, hubUrl: hub.url, profileId: APP_PROFILE.id };
}

export interface AuthStats {
	/** Exchanges that gave a token, by the user's `sub`. */
	exchanges: Record<string, number>;
	/** Every request to the token endpoint, answered or refused. */
	requests: number;
	/** How the last client authenticated. */
	lastClientAuth?: 'basic' | 'body';
	/** The form fields of the last request, the subject token left out. */
	lastForm?: Record<string, string>;
	/** Every token handed out, to check that none shows up where it must not. */
	issued: string[];
}

/**
 * Civic Auth's token endpoint for app builders (RFC 8693 token exchange), as Civic's
 * guide describes it: a form body, the client by HTTP Basic or in the body, RFC 6749
 * error replies, and a Civic access token for the user whose token came in, with that
 * user's `sub`, locked to `civic_profile` when one is asked for, living at most as long
 * as the user's token and `exchangedTokenSeconds`.
 */
export class CivicAuth {
	readonly apps = new Map<string, CivicApp>([[DEMO_APP.clientId, { ...DEMO_APP }]]);
	/** The app's own identity provider (Auth0, Google, …): it signs the users' ID and access tokens. */
	readonly identityProvider: KeyPair = generateSigningKeys();
	/** Another provider some users sign in with, for which the app has no exchange set up in Civic. */
	readonly otherProvider: KeyPair = generateSigningKeys();
	exchangedTokenSeconds = 3600;
	/** Give exchanged tokens their full lifetime even past the user's own token's expiry (a provider that does not cap it). */
	outlivesUserToken = false;
	stats: AuthStats = { exchanges: {}, requests: 0, issued: [] };

	/** Signing people in (authorization code, refresh): what an OAuth2 credential connects to. */
	readonly signIn: SignInServer;

	constructor(private readonly minter: TokenMinter) {
		this.signIn = new SignInServer(minter);
	}

	reset(): void {
		this.apps.clear();
		this.apps.set(DEMO_APP.clientId, { ...DEMO_APP });
		this.exchangedTokenSeconds = 3600;
		this.outlivesUserToken = false;
		this.signIn.reset();
		this.stats = { exchanges: {}, requests: 0, issued: [] };
	}

	/**
	 * A token the app's identity provider gave `user` when they signed in to the app; with
	 * `otherIssuer`, one of a provider Civic has no exchange set up for.
	 */
	userToken(user: string, options: { expiresIn?: number; claims?: JwtClaims; otherIssuer?: boolean } = {}): string {
		const now = Math.floor(Date.now() / 1000);
		const issuer = options.otherIssuer ? OTHER_ISSUER : APP_ISSUER;
		const key = options.otherIssuer ? this.otherProvider : this.identityProvider;
		return signJwt({ iss: issuer, aud: 'demo-app', sub: user, iat: now, exp: now + (options.expiresIn ?? 3600), ...options.claims }, key.privateKey, 'demo-idp');
	}

	exchangesFor(user: string): number {
		return this.stats.exchanges[user] ?? 0;
	}

	async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		this.stats.requests++;
		if (req.method !== 'POST') return reply(res, 405, { error: 'invalid_request', error_description: 'Use POST' });
		if (!/^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) {
			return reply(res, 400, { error: 'invalid_request', error_description: 'The body must be application/x-www-form-urlencoded' });
		}
		const form = new URLSearchParams(await readBody(req));
		const grantType = form.get('grant_type');
		if (grantType === 'authorization_code' || grantType === 'refresh_token') return this.signIn.token(req, res, form);
		const fields = Object.fromEntries([...form].filter(([name]) => name !== 'subject_token' && name !== 'client_secret'));
		this.stats.lastForm = fields;

		const client = clientOf(req, form);
		this.stats.lastClientAuth = client?.via;
		const app = client && this.apps.get(client.id);
		if (!client || !app || app.clientSecret !== client.secret) {
			res.setHeader('www-authenticate', 'Basic realm="civic"');
			return reply(res, 401, { error: 'invalid_client', error_description: 'Client authentication failed' });
		}
		if (form.get('grant_type') !== GRANT_TYPE) {
			return reply(res, 400, { error: 'unsupported_grant_type', error_description: `Unsupported grant type: ${form.get('grant_type') ?? ''}` });
		}
		if (!app.exchangeConfigured) return reply(res, 400, { error: 'invalid_request', error_description: 'Token exchange config not found' });
		const subject = form.get('subject_token') ?? '';
		if (!subject || !SUBJECT_TYPES.has(form.get('subject_token_type') ?? '')) {
			return reply(res, 400, { error: 'invalid_request', error_description: 'subject_token and a supported subject_token_type are required' });
		}
		// Civic keeps an exchange set-up per identity provider: a token of another issuer has none
		if (issuerOf(subject) === OTHER_ISSUER) return reply(res, 400, { error: 'invalid_request', error_description: 'Token exchange config not found' });
		const now = Math.floor(Date.now() / 1000);
		const verified = verifyJwt(subject, this.identityProvider.publicKey, now);
		if (!verified.ok) {
			const description = verified.reason === 'expired' ? 'Token expired' : 'Signature verification failed';
			return reply(res, 400, { error: 'invalid_grant', error_description: description });
		}
		const user = verified.claims.sub;
		if (!user) return reply(res, 400, { error: 'invalid_grant', error_description: 'Missing user identifier claim' });

		const userLeft = this.outlivesUserToken ? Infinity : (verified.claims.exp ?? now) - now;
		const expiresIn = Math.max(1, Math.min(this.exchangedTokenSeconds, userLeft));
		const profileId = form.get('civic_profile');
		const token = this.minter.mint({
			accountId: app.accountId,
			profileId: profileId || null,
			expiresIn,
			claims: { sub: user, client_id: app.clientId, iat: now, jti: randomUUID() },
		});
		this.stats.exchanges[user] = (this.stats.exchanges[user] ?? 0) + 1;
		this.stats.issued.push(token);
		reply(res, 200, { access_token: token, token_type: 'Bearer', expires_in: expiresIn, scope: 'openid mcp' });
	}
}

const APP_ISSUER = 'https://idp.example.com/';
const OTHER_ISSUER = 'https://other-idp.example.com/';

function issuerOf(token: string): string | undefined {
	try {
		return (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iss?: string }).iss;
	} catch {
		return undefined;
	}
}

/** RFC 6749 §2.3.1: HTTP Basic (Civic's SDKs), or client_id and client_secret in the body. */
function clientOf(req: IncomingMessage, form: URLSearchParams): { id: string; secret: string; via: 'basic' | 'body' } | undefined {
	const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
	if (basic) {
		const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon < 0) return undefined;
		return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1), via: 'basic' };
	}
	const id = form.get('client_id');
	const secret = form.get('client_secret');
	return id && secret ? { id, secret, via: 'body' } : undefined;
}

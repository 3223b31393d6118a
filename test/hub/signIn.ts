import { createHash, randomBytes } from 'node:crypto';
import { readBody, reply } from './httpReplies';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenMinter } from './tokens';
import { DEMO_ACCOUNT_ID } from './directory';

export const AUTHORIZE_PATH = '/oauth/auth';

/** An app registered at Civic Auth for signing people in: a public client (PKCE) has no secret. */
export interface OAuthClient {
	clientId: string;
	clientSecret?: string;
}

export const DEMO_OAUTH_CLIENT: OAuthClient = { clientId: 'demo-n8n-oauth-client' };
export const DEMO_CONFIDENTIAL_CLIENT: OAuthClient = { clientId: 'demo-n8n-confidential', clientSecret: 'demo-oauth-secret-5d2e81c4' };

interface Grant {
	id: string;
	user: string;
	clientId: string;
	revoked: boolean;
	/** The refresh token that is current; earlier ones are used up. */
	current: string;
	/** Refresh tokens handed out and used since, with when they were used: reuse after the grace period revokes the grant. */
	used: Map<string, number>;
	/** When the current refresh token expires (ms). */
	refreshExpiresAt: number;
}

interface PendingCode {
	user: string;
	clientId: string;
	redirectUri: string;
	codeChallenge?: string;
	expiresAt: number;
}

export interface SignInStats {
	/** Refresh grants answered with new tokens, by user. */
	refreshes: Record<string, number>;
	/** Refresh grants refused, by OAuth error code. */
	refusedRefreshes: Record<string, number>;
	/** Codes exchanged for tokens. */
	codes: number;
	/** Every token handed out, to check none shows up where it must not. */
	issued: string[];
}

/**
 * Civic Auth's sign-in for apps, as an OpenID Connect provider built on node-oidc-provider
 * does it (Civic's fork): authorization code with PKCE (S256) or a client secret, refresh
 * tokens only with `offline_access`, rotation on every refresh, and reuse of a used refresh
 * token after a short grace period revoking the whole grant. Lifetimes are switches, since
 * Civic does not document its own.
 */
export class SignInServer {
	readonly clients = new Map<string, OAuthClient>([
		[DEMO_OAUTH_CLIENT.clientId, DEMO_OAUTH_CLIENT],
		[DEMO_CONFIDENTIAL_CLIENT.clientId, DEMO_CONFIDENTIAL_CLIENT],
	]);
	accessTokenSeconds = 3600;
	refreshTokenSeconds = 14 * 24 * 3600;
	/** How long a refresh token that was just used may be used again (a retry after a lost reply). */
	reuseGraceMs = 0;
	/** The person who signs in on the page when no name is typed. */
	defaultUser = 'oauth-ada';
	stats: SignInStats = emptyStats();
	private readonly codes = new Map<string, PendingCode>();
	private readonly grants = new Map<string, Grant>();

	constructor(private readonly minter: TokenMinter) {}

	reset(): void {
		this.accessTokenSeconds = 3600;
		this.refreshTokenSeconds = 14 * 24 * 3600;
		this.reuseGraceMs = 0;
		this.codes.clear();
		this.grants.clear();
		this.stats = emptyStats();
	}

	/** Signs `user` in for `client` without the page (what a person's click-through gives): the token reply. */
	connect(user = this.defaultUser, client: OAuthClient = DEMO_OAUTH_CLIENT): Record<string, unknown> {
		return this.issue(this.newGrant(user, client.clientId));
	}

	/** Disconnects every grant of `user` in Civic: their refresh tokens stop working. */
	revoke(user: string): void {
		for (const grant of this.grants.values()) if (grant.user === user) grant.revoked = true;
	}

	/** GET shows the sign-in page; POST (the page's button) signs the person in and returns to the app. */
	async authorize(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
		const params = req.method === 'POST' ? new URLSearchParams(await readBody(req)) : url.searchParams;
		const clientId = params.get('client_id') ?? '';
		const redirectUri = params.get('redirect_uri') ?? '';
		const client = this.clients.get(clientId);
		if (!client || !/^https?:\/\//.test(redirectUri)) return page(res, 400, '<h1>Unknown app</h1><p>This Client ID is not registered with Civic Auth.</p>');
		const challenge = params.get('code_challenge') ?? undefined;
		if (!client.clientSecret && (!challenge || params.get('code_challenge_method') !== 'S256')) {
			return page(res, 400, '<h1>PKCE required</h1><p>A client without a secret must send an S256 code challenge.</p>');
		}
		if (req.method !== 'POST') {
			const hidden = [...params].map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`).join('');
			return page(
				res,
				200,
				`<h1>Sign in to Civic</h1><p>n8n asks to reach your Civic tools${params.get('scope')?.includes('offline_access') ? ', also while you are away' : ''}.</p>` +
					`<form method="post">${hidden}<label>Name <input name="user" value="${escape(this.defaultUser)}"></label> <button type="submit">Sign in and allow</button></form>`,
			);
		}
		const code = randomBytes(16).toString('hex');
		this.codes.set(code, { user: params.get('user') || this.defaultUser, clientId, redirectUri, codeChallenge: challenge, expiresAt: Date.now() + 60_000 });
		const back = new URL(redirectUri);
		back.searchParams.set('code', code);
		if (params.get('state')) back.searchParams.set('state', params.get('state')!);
		res.writeHead(302, { location: back.toString() }).end();
	}

	/** The token endpoint's authorization_code and refresh_token grants. */
	token(req: IncomingMessage, res: ServerResponse, form: URLSearchParams): void {
		const client = this.authenticate(req, form);
		if (!client) return reply(res, 401, { error: 'invalid_client', error_description: 'Client authentication failed' });
		if (form.get('grant_type') === 'authorization_code') {
			const code = this.codes.get(form.get('code') ?? '');
			this.codes.delete(form.get('code') ?? '');
			if (!code || code.expiresAt < Date.now() || code.clientId !== client.clientId || code.redirectUri !== form.get('redirect_uri')) {
				return reply(res, 400, { error: 'invalid_grant', error_description: 'Authorization code is invalid or expired' });
			}
			if (code.codeChallenge && sha256Base64Url(form.get('code_verifier') ?? '') !== code.codeChallenge) {
				return reply(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
			}
			this.stats.codes++;
			return reply(res, 200, this.issue(this.newGrant(code.user, client.clientId)));
		}
		const presented = form.get('refresh_token') ?? '';
		const grant = [...this.grants.values()].find((g) => g.current === presented || g.used.has(presented));
		const refuse = (description: string) => {
			this.stats.refusedRefreshes.invalid_grant = (this.stats.refusedRefreshes.invalid_grant ?? 0) + 1;
			reply(res, 400, { error: 'invalid_grant', error_description: description });
		};
		if (!grant || grant.clientId !== client.clientId) return refuse('Refresh token is invalid');
		if (grant.revoked) return refuse('Grant revoked');
		if (grant.used.has(presented)) {
			if (Date.now() - grant.used.get(presented)! > this.reuseGraceMs) {
				// a used refresh token again: someone else may hold it, so the whole grant goes
				grant.revoked = true;
				return refuse('Refresh token reuse detected; the grant has been revoked');
			}
		} else if (grant.refreshExpiresAt < Date.now()) {
			return refuse('Refresh token expired');
		} else grant.used.set(presented, Date.now());
		this.stats.refreshes[grant.user] = (this.stats.refreshes[grant.user] ?? 0) + 1;
		reply(res, 200, this.issue(grant));
	}

	private authenticate(req: IncomingMessage, form: URLSearchParams): OAuthClient | undefined {
		const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
		const [id, secret] = basic
			? (() => {
					const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
					const colon = decoded.indexOf(':');
					return [decodeURIComponent(decoded.slice(0, colon)), decodeURIComponent(decoded.slice(colon + 1))];
				})()
			: [form.get('client_id') ?? '', form.get('client_secret') ?? ''];
		const client = this.clients.get(id);
		if (!client) return undefined;
		// a confidential client proves itself with its secret; a public one has none to give
		if (client.clientSecret ? secret !== client.clientSecret : false) return undefined;
		return client;
	}

	private newGrant(user: string, clientId: string): Grant {
		const grant: Grant = { id: randomBytes(8).toString('hex'), user, clientId, revoked: false, current: '', used: new Map(), refreshExpiresAt: 0 };
		this.grants.set(grant.id, grant);
		return grant;
	}

	/** New access, ID and (rotated) refresh tokens for a grant. */
	private issue(grant: Grant): Record<string, unknown> {
		grant.current = `rt_${randomBytes(24).toString('base64url')}`;
		grant.refreshExpiresAt = Date.now() + this.refreshTokenSeconds * 1000;
		const accessToken = this.minter.mint({
			accountId: DEMO_ACCOUNT_ID,
			profileId: null,
			expiresIn: this.accessTokenSeconds,
			// issued now, as a real provider stamps it (the minter backdates short-lived tokens)
			claims: { sub: grant.user, client_id: grant.clientId, scope: 'openid profile email offline_access', jti: randomBytes(8).toString('hex'), iat: Math.floor(Date.now() / 1000) },
		});
		this.stats.issued.push(accessToken, grant.current);
		return {
			access_token: accessToken,
			token_type: 'Bearer',
			expires_in: this.accessTokenSeconds,
			refresh_token: grant.current,
			id_token: this.minter.mint({ accountId: DEMO_ACCOUNT_ID, profileId: null, expiresIn: this.accessTokenSeconds, claims: { sub: grant.user } }),
			scope: 'openid profile email offline_access',
		};
	}
}

function emptyStats(): SignInStats {
	return { refreshes: {}, refusedRefreshes: {}, codes: 0, issued: [] };
}

const sha256Base64Url = (text: string) => createHash('sha256').update(text).digest('base64url');
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res: ServerResponse, status: number, body: string): void {
	res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head><title>Civic Auth (local)</title></head><body>${body}</body></html>`);
}

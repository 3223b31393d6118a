import { inspectToken } from './tokenClaims';

/** An access token of a Civic OAuth2 credential, and when it expires (its `exp`), where known. */
export interface OAuthToken {
	token: string;
	expiresAt?: number;
}

/** The longest a token is renewed ahead of its expiry; shorter-lived tokens 10 % of their life ahead (as n8n's MCP Client Tool). */
const RENEW_AHEAD_MAX_MS = 2 * 60_000;

/** The refresh grant was refused: Civic no longer accepts the sign-in (revoked, or the refresh chain ended). */
export class OAuthReconnectError extends Error {
	constructor(
		/** The credential's name in n8n, so a person knows which one to reconnect. */
		readonly credentialName: string,
		readonly civicSaid: string,
	) {
		super(`The Civic OAuth2 credential "${credentialName}" must be connected again: Civic no longer accepts its sign-in`);
		this.name = 'OAuthReconnectError';
	}
}

/** This part of n8n (a credential's Test) has no way to renew a token and save the rotated refresh token. */
export class OAuthRenewalUnavailableError extends Error {
	constructor() {
		super('The Civic OAuth2 access token has expired, and this part of n8n cannot renew it');
		this.name = 'OAuthRenewalUnavailableError';
	}
}

export function oauthToken(token: string): OAuthToken {
	return { token, expiresAt: inspectToken(token).expiresAt?.getTime() };
}

/** Whether a token is to be renewed before it is used: it expires within min(2 min, 10 % of its life). */
export function renewDue(current: OAuthToken, now = Date.now()): boolean {
	if (current.expiresAt === undefined) return false;
	const issuedAt = inspectToken(current.token).issuedAt?.getTime();
	const life = issuedAt === undefined ? RENEW_AHEAD_MAX_MS * 10 : current.expiresAt - issuedAt;
	return current.expiresAt - now <= Math.min(RENEW_AHEAD_MAX_MS, life / 10);
}

/** The newest token this process has for each credential id, and the renewal in flight. */
const newest = new Map<string, OAuthToken>();
const renewing = new Map<string, Promise<OAuthToken>>();

/** The newer of the credential's stored token and the one this process last renewed to. */
export function latestToken(credentialId: string, stored: OAuthToken): OAuthToken {
	const known = newest.get(credentialId);
	return known && (known.expiresAt ?? 0) > (stored.expiresAt ?? 0) ? known : stored;
}

export interface Renewal {
	credentialId: string;
	credentialName: string;
	/** n8n's refresh: the token endpoint's grant, the rotated refresh token saved to n8n's database. */
	refresh?: () => Promise<unknown>;
	/** The credential's token as n8n now stores it. */
	read: () => Promise<OAuthToken>;
	/**
	 * The longest to wait, at random, before renewing, then to look whether another process
	 * has renewed meanwhile: queue-mode workers of n8n 1.x renew without a lock between them.
	 */
	spreadMs?: number;
}

/**
 * Renews `stale`: through n8n's helper (never our own token request: n8n must save the
 * rotated refresh token, or the next refresh would reuse a spent one, which Civic Auth
 * answers by revoking the whole grant). Every item and execution of this process that asks
 * meanwhile waits for the same renewal. n8n 2.30+ also locks it across processes; on 1.x a
 * second process may have renewed first and spent the refresh token this one read: its
 * refusal is then answered by reading the credential again.
 */
export function renewToken(renewal: Renewal, stale: string): Promise<OAuthToken> {
	const known = newest.get(renewal.credentialId);
	if (known && known.token !== stale && !renewDue(known)) return Promise.resolve(known);
	let pending = renewing.get(renewal.credentialId);
	if (!pending) {
		pending = renew(renewal, stale).finally(() => renewing.delete(renewal.credentialId));
		renewing.set(renewal.credentialId, pending);
	}
	return pending;
}

async function renew(renewal: Renewal, stale: string): Promise<OAuthToken> {
	if (!renewal.refresh) {
		const stored = await renewal.read();
		if (stored.token !== stale && !renewDue(stored)) return stored;
		throw new OAuthRenewalUnavailableError();
	}
	if (renewal.spreadMs) {
		await new Promise((resolve) => setTimeout(resolve, Math.random() * renewal.spreadMs!));
		const stored = await renewedElsewhere(renewal, stale);
		if (stored) return remember(renewal.credentialId, stored);
	}
	try {
		await renewal.refresh();
	} catch (error) {
		// another process may have renewed with the same refresh token a moment ago
		const stored = await renewedElsewhere(renewal, stale);
		if (stored) return remember(renewal.credentialId, stored);
		const said = refusalOf(error);
		if (said) throw new OAuthReconnectError(renewal.credentialName, said);
		throw error;
	}
	return remember(renewal.credentialId, await renewal.read());
}

/** The credential's token if another process has saved a fresh one since `stale`. */
async function renewedElsewhere(renewal: Renewal, stale: string): Promise<OAuthToken | undefined> {
	const stored = await renewal.read().catch(() => undefined);
	return stored && stored.token !== stale && !renewDue(stored) ? stored : undefined;
}

function remember(credentialId: string, token: OAuthToken): OAuthToken {
	newest.set(credentialId, token);
	return token;
}

/**
 * Civic Auth's words when it refused the refresh grant (`invalid_grant`), or undefined for any
 * other failure. n8n 1.x hands on the OAuth client's error (its body says `invalid_grant`);
 * recent 2.x replaces it with its own "needs to be reconnected" error, marked `credential-invalid`.
 */
function refusalOf(error: unknown): string | undefined {
	const failure = (error as { failure?: { cause?: unknown } } | undefined)?.failure;
	if (failure?.cause === 'credential-invalid') return 'invalid_grant: n8n could not renew the sign-in';
	const body = (error as { body?: { error?: unknown; error_description?: unknown } } | undefined)?.body;
	const code = typeof body?.error === 'string' ? body.error : undefined;
	const message = error instanceof Error ? error.message : String(error);
	if (code !== 'invalid_grant' && !/invalid_grant|refresh token (is )?(invalid|expired)|grant (has been )?revoked/i.test(message)) return undefined;
	const description = typeof body?.error_description === 'string' ? body.error_description : message;
	return `invalid_grant: ${description}`;
}

/** Forgets what this process renewed to (tests). */
export function forgetOAuthTokens(): void {
	newest.clear();
	renewing.clear();
}

import { isUuid, type CivicAppCredentials } from '../credentials/civicAppCredential';
import { ForeignOriginError, HubHttpError, networkCode, RetriesExhaustedError } from '../transport/hubErrors';
import { hubRequest, readText } from '../transport/hubHttp';
import { clipped } from '../transport/scrub';
import { DEFAULT_RETRY_POLICY, withRetries } from '../transport/retry';

/** The `userTokenType` parameter's values; saved workflows carry these names. */
export type UserTokenType = 'idToken' | 'accessToken' | 'civic';

const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const SUBJECT_TOKEN_TYPES = {
	idToken: 'urn:ietf:params:oauth:token-type:id_token',
	accessToken: 'urn:ietf:params:oauth:token-type:access_token',
};
/**
 * Civic's reply when it has no exchange set up for the identity provider that issued the
 * user's token; its error code is not documented. Another user's token, from a provider
 * that is set up, may still be exchanged: it is this user's failure, not the app's.
 */
const NO_EXCHANGE_CONFIG = /token exchange config not found/i;
/** A token endpoint's reply is a few hundred bytes; more is not an answer. */
const MAX_TOKEN_REPLY_BYTES = 256 * 1024;

/**
 * Whose fault a refused exchange is, which decides what fails: the end user's token (that
 * item), its issuer having no exchange set up in Civic (that item: other users' tokens may
 * come from a provider that is), the app's Client ID/Secret (the whole run: no user can get
 * through), or the way to the token URL. Only what Civic says about the client itself fails
 * the run; nothing one user's token says can fail another user's item.
 */
export type ExchangeFault = 'user' | 'issuer' | 'client' | 'unreachable' | 'redirected' | 'other';

export class TokenExchangeError extends Error {
	constructor(
		readonly fault: ExchangeFault,
		/** RFC 6749's `error` code, or the network's. */
		readonly code: string,
		/** Civic's `error_description`, as it said it. */
		readonly civicSaid: string,
		readonly tokenUrl: URL,
	) {
		super(`Token exchange refused: ${code}${civicSaid ? `: ${civicSaid}` : ''}`);
		this.name = 'TokenExchangeError';
	}

	/** No item can succeed with this credential, so continuing item by item would only hide it. */
	get failsRun(): boolean {
		return this.fault === 'client' || this.fault === 'redirected';
	}

	/** Whose fault it is and what to do, in words; `fit` makes Civic's own words fit a message (scrubbed, then clipped). */
	describe(fit: (text: string) => string = clipped): { message: string; description: string } {
		const said = this.civicSaid ? ` Civic said: "${fit(this.civicSaid)}".` : '';
		switch (this.fault) {
			case 'user':
				return {
					message: `Civic refused the end user's token (${this.code}): this user could not be signed in to Civic`,
					description:
						`The token in "User Token" belongs to the app's end user: it is expired, not signed by the identity provider set up for the app in Civic, or has no user claim. The user must sign in to the app again; check too that "User Token Type" says what the token is (ID token or access token).${said}`,
				};
			case 'client':
				return {
					message: `Civic refused the Civic App credential's Client ID or Client Secret (${this.code})`,
					description: `Copy the app's Client ID and Client Secret from Civic into the Civic App credential again. No item was run as its user.${said}`,
				};
			case 'issuer':
				return {
					message: `Civic cannot exchange this end user's token (${this.code}): no token exchange is set up for the identity provider that issued it`,
					description: `Other users' items are not affected. In Civic, set up token exchange for the app with the identity provider this user signs in with (connect it to the app's Client ID), or check that "User Token" holds a token of your app's identity provider.${said}`,
				};
			case 'redirected':
				return {
					message: `Refused to follow the Token URL's redirect to ${fit(this.civicSaid)}: the client secret and users' tokens go only to ${this.tokenUrl.origin}`,
					description: "Nothing was sent there. If Civic's token endpoint has moved, set the Token URL of the Civic App credential to its new address.",
				};
			case 'unreachable':
				return {
					message: `Cannot reach Civic's token URL at ${this.tokenUrl.host} (${this.code})`,
					description: `Check the Token URL of the Civic App credential (${this.tokenUrl.origin}${this.tokenUrl.pathname}) and that this n8n instance can reach it.${said}`,
				};
			default:
				return {
					message: `Civic's token exchange failed (${this.code})`,
					description: `Check the Civic App credential and its set-up in Civic.${said}`,
				};
		}
	}
}

export interface ExchangedToken {
	accessToken: string;
	/** Seconds the token is valid for, as Civic said. */
	expiresIn: number;
}

/** What Civic says when it names no lifetime; exchanged tokens live 60 s to a day. */
const DEFAULT_EXPIRES_IN_S = 3600;

/**
 * RFC 8693 token exchange at Civic Auth: the end user's token from the app's identity
 * provider in, a Civic access token for that user out. The client authenticates with HTTP
 * Basic, as Civic's SDKs do; the request goes to the token URL's origin only (redirects
 * elsewhere are refused). Failures Civic might not have processed (429, 5xx, a refused
 * connection) are tried again: an exchange changes nothing and is safe to repeat.
 */
export async function exchangeToken(
	app: CivicAppCredentials,
	subjectToken: string,
	type: Exclude<UserTokenType, 'civic'>,
	signal?: AbortSignal,
): Promise<ExchangedToken> {
	const form = new URLSearchParams({ grant_type: GRANT_TYPE, subject_token: subjectToken, subject_token_type: SUBJECT_TOKEN_TYPES[type] });
	// Civic locks the exchanged token to a profile by its UUID; an alias is only told to the hub
	if (isUuid(app.profileId)) form.set('civic_profile', app.profileId);
	const basic = Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64');
	const ask = async () => {
		const reply = await hubRequest(app.tokenUrl, {
			method: 'POST',
			headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
			body: form.toString(),
			signal,
		});
		const text = await readText(reply.body, MAX_TOKEN_REPLY_BYTES, "Civic's token URL");
		if (reply.status >= 500 || reply.status === 429) throw HubHttpError.fromReply(reply.status, text, undefined, reply.header('retry-after'));
		return { status: reply.status, json: parseJson(text) };
	};
	let answer: { status: number; json: Record<string, unknown> | undefined };
	try {
		answer = await withRetries(ask, DEFAULT_RETRY_POLICY, () => true, signal);
	} catch (error) {
		if (error instanceof ForeignOriginError) throw new TokenExchangeError('redirected', 'redirect', error.target, app.tokenUrl);
		throw unreachable(error, app.tokenUrl);
	}
	const { status, json } = answer;
	if (status === 200 && typeof json?.access_token === 'string' && json.access_token) {
		const expiresIn = Number(json.expires_in);
		return { accessToken: json.access_token, expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_EXPIRES_IN_S };
	}
	const code = typeof json?.error === 'string' ? json.error : `HTTP ${status}`;
	const said = typeof json?.error_description === 'string' ? json.error_description : '';
	throw new TokenExchangeError(faultOf(status, code, said), code, said, app.tokenUrl);
}

/**
 * invalid_client (RFC 6749: client authentication failed, usually with 401) is about the
 * app; unauthorized_client and a missing exchange set-up are about the issuer of this user's
 * token at Civic; invalid_grant is this user's token itself.
 */
function faultOf(status: number, code: string, said: string): ExchangeFault {
	if (code === 'invalid_client' || (status === 401 && code === `HTTP ${status}`)) return 'client';
	if (NO_EXCHANGE_CONFIG.test(said) || NO_EXCHANGE_CONFIG.test(code) || code === 'unauthorized_client') return 'issuer';
	if (code === 'invalid_grant') return 'user';
	return 'other';
}

function unreachable(error: unknown, tokenUrl: URL): TokenExchangeError {
	const last = error instanceof RetriesExhaustedError ? error.lastError : error;
	if (last instanceof HubHttpError) return new TokenExchangeError('unreachable', `HTTP ${last.status}`, last.hubMessage, tokenUrl);
	const code = networkCode(last) ?? (last instanceof Error ? last.name : 'error');
	return new TokenExchangeError('unreachable', code, last instanceof Error ? last.message : String(last), tokenUrl);
}

function parseJson(text: string): Record<string, unknown> | undefined {
	try {
		const json = JSON.parse(text) as unknown;
		return json && typeof json === 'object' ? (json as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

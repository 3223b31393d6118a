import { createHash } from 'node:crypto';
import type { CivicAppCredentials } from '../credentials/civicAppCredential';
import { inspectToken } from './tokenClaims';
import { exchangeToken, type UserTokenType } from './tokenExchange';

/** Civic's SDKs treat an exchanged token as expired this long before it is, at most: min(30 s, half its life). */
const REFRESH_EARLY_MAX_MS = 30_000;
/** An exchange shared by many items must not hang on one execution's cancel: it has its own limit. */
const EXCHANGE_TIMEOUT_MS = 30_000;
const MAX_KEPT = 1_000;

/** What an end user reaches the hub with. */
export interface UserHubToken {
	token: string;
	/** A SHA-256 of the user's own token: whose sessions and tool lists these are. */
	user: string;
	/** When the token expires (ms since epoch): the earlier of Civic's expires_in and the token's own exp, where known. */
	expiresAt?: number;
}

interface Kept {
	token: Promise<{ token: string; expiresAt: number }>;
	/** Unset while the exchange is in flight; after it, the token is used until then. */
	usableUntil?: number;
}

/**
 * Exchanged tokens of this n8n process, one per app and user token, used until shortly
 * before they expire, so a run never sends an expired one and a user pays one exchange per
 * token lifetime. Items of one user asking at once share one exchange in flight. Kept under
 * a hash of the app, the token type and the user's token: never a token itself.
 */
const kept = new Map<string, Kept>();

function sha256(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

/**
 * The token a user's item reaches the hub with: a Civic Auth token as it is, any other
 * exchanged. An exchanged token stands for the user's own token, so it is never used past
 * the `exp` of the token it came from, whatever Civic's lifetime for it says: a user whose
 * sign-in has ended is not served by what is left of an earlier exchange.
 */
export async function userHubToken(app: CivicAppCredentials, userToken: string, type: UserTokenType): Promise<UserHubToken> {
	const user = sha256(userToken);
	const userExpiresAt = inspectToken(userToken).expiresAt?.getTime();
	if (type === 'civic') return { token: userToken, user, expiresAt: userExpiresAt };
	const key = sha256([app.tokenUrl.href, app.clientId, app.clientSecret, app.profileId, type, userToken].join('\n'));
	const found = kept.get(key);
	if (found && (found.usableUntil === undefined || Date.now() < found.usableUntil)) return { ...(await found.token), user };

	const entry: Kept = {
		token: exchangeToken(app, userToken, type, AbortSignal.timeout(EXCHANGE_TIMEOUT_MS)).then(({ accessToken, expiresIn }) => {
			// the token's own exp counts too: a few seconds of clock or rounding matter to short-lived tokens
			const claimed = inspectToken(accessToken).expiresAt?.getTime();
			const expiresAt = Math.min(Date.now() + expiresIn * 1000, claimed ?? Infinity, userExpiresAt ?? Infinity);
			const lifeMs = Math.max(0, expiresAt - Date.now());
			entry.usableUntil = expiresAt - Math.min(REFRESH_EARLY_MAX_MS, lifeMs / 2);
			return { token: accessToken, expiresAt };
		}),
	};
	kept.delete(key);
	kept.set(key, entry);
	// a refused exchange is not kept: the user may sign in again, the builder fix the secret
	entry.token.catch(() => {
		if (kept.get(key) === entry) kept.delete(key);
	});
	dropBeyondLimit();
	return { ...(await entry.token), user };
}

/** Forgets every exchanged token (tests; a process that wants a clean slate). */
export function forgetExchangedTokens(): void {
	kept.clear();
}

/** Used-up tokens go first, then the oldest exchanges. */
function dropBeyondLimit(): void {
	if (kept.size <= MAX_KEPT) return;
	const now = Date.now();
	for (const [key, entry] of kept) if (entry.usableUntil !== undefined && entry.usableUntil <= now) kept.delete(key);
	for (const key of kept.keys()) {
		if (kept.size <= MAX_KEPT) break;
		kept.delete(key);
	}
}

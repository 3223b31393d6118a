import type { CivicCredentials } from '../credentials/civicApiCredential';
import { buildHubUrl } from './hubUrl';

/**
 * Who reaches the hub and how: all the wire needs, whichever credential it came from. A
 * Civic API credential gives one person's token and Civic's URL parameters; a Civic App
 * gives each end user an exchanged token and the profile as a header.
 */
export interface HubAccess {
	url: URL;
	token: string;
	/** Headers the hub reads beside the token, e.g. `x-civic-profile-id`. */
	headers?: Record<string, string>;
	/**
	 * Whose access this is beyond the credential: a hash of an app user's own token, so kept
	 * sessions and tool lists of one user never serve another. Empty for a credential's own token.
	 */
	user?: string;
	/** When the token expires (ms since epoch), where known: a kept session is ended before then, while its DELETE is still accepted. */
	expiresAt?: number;
	/**
	 * The token is renewed while the same person goes on (Civic OAuth2): a kept session is kept
	 * across renewals, going on with the new token, instead of being one token's alone.
	 */
	renewable?: boolean;
}

/** A Civic API credential's access: its token, and its account, profile, lock and skills in the URL. */
export function tokenAccess(credentials: CivicCredentials): HubAccess {
	return { url: buildHubUrl(credentials), token: credentials.token };
}

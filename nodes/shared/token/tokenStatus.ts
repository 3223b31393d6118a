import type { IDataObject } from 'n8n-workflow';
import type { CivicCredentials } from '../credentials/civicApiCredential';
import { tokenAccess, type HubAccess } from '../transport/hubAccess';
import { HubClient } from '../transport/hubClient';
import { describeHubError, HubHttpError, type HubErrorContext } from '../transport/hubErrors';
import { DAY_MS, daysLeft, formatUtc, inspectToken, timeLeftWords } from './tokenClaims';

export const CHECK_TIMEOUT_MS = 15_000;

/** What a workflow needs to warn a person before a Civic token dies; never the token itself. */
export interface TokenStatus extends IDataObject {
	profile: string;
	accountId: string;
	/** ISO 8601, or null when the token does not say (not a JWT, no `exp`). */
	expiresAt: string | null;
	/** Days left as the message says them (nearest day from two days on, else rounded down); negative once expired; null when unknown. */
	daysLeft: number | null;
	expired: boolean;
	howToRenew: string;
}

/** Civic publishes no deep link and no renewal: a new token is made on the install page. */
export function howToRenew(profile: string): string {
	return (
		`On app.civic.com open Tools → Install, choose the profile "${profile}", press Install, set the expiry ` +
		'(up to 30 days) and copy the token (it is shown once). In n8n, open the Civic API credential, ' +
		'paste it into Token and save.'
	);
}

/** Read from the token alone: no request. */
export function tokenStatus(credentials: CivicCredentials, now = new Date()): TokenStatus {
	const expiresAt = inspectToken(credentials.token).expiresAt;
	return {
		profile: credentials.profile,
		accountId: credentials.accountId,
		expiresAt: expiresAt?.toISOString() ?? null,
		daysLeft: expiresAt ? daysLeft(expiresAt, now) : null,
		expired: expiresAt ? expiresAt <= now : false,
		howToRenew: howToRenew(credentials.profile),
	};
}

/** Whether the token expires within `days` (or has expired). */
export function expiresWithin(status: TokenStatus, days: number, now = new Date()): boolean {
	return status.expiresAt !== null && Date.parse(status.expiresAt) - now.getTime() <= days * DAY_MS;
}

/** "The Civic token for profile "demo" expires on 2026-11-27 14:03 UTC (in 2 days)." */
export function expiryMessage(status: TokenStatus, now = new Date()): string {
	if (!status.expiresAt) return `The Civic token for profile "${status.profile}" does not say when it expires.`;
	const when = formatUtc(new Date(status.expiresAt));
	if (status.expired) return `The Civic token for profile "${status.profile}" expired on ${when}.`;
	return `The Civic token for profile "${status.profile}" expires on ${when} (${timeLeftWords(new Date(status.expiresAt), now)}).`;
}

export type HubVerdict = { accepted: true } | { accepted: false; reason: string; httpCode: number };

/**
 * Asks the hub whether the token still works (a revoked token looks fine locally): opens a
 * session and ends it. 401/403 are a verdict; an unreachable hub is an error, not a verdict.
 */
export async function askHubAboutToken(credentials: CivicCredentials): Promise<HubVerdict> {
	return askHubAbout(tokenAccess(credentials), { ...credentials, timeoutMs: CHECK_TIMEOUT_MS });
}

/** The same for any access (a Civic OAuth2 sign-in's token too), its refusal said in `context`'s words. */
export async function askHubAbout(access: HubAccess, context: HubErrorContext): Promise<HubVerdict> {
	let hub: HubClient | undefined;
	try {
		hub = await HubClient.connect(access, { timeoutMs: CHECK_TIMEOUT_MS, signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
		return { accepted: true };
	} catch (error) {
		if (error instanceof HubHttpError && (error.status === 401 || error.status === 403)) {
			const { message } = describeHubError(error, context);
			return { accepted: false, reason: message, httpCode: error.status };
		}
		throw error;
	} finally {
		await hub?.close();
	}
}

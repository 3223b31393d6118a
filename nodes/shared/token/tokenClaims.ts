/**
 * Reads what a Civic token says about itself, without verifying it: only the hub can do
 * that. Local reading lets us warn early (expired, wrong profile) and say when it expires.
 */
export interface TokenInfo {
	isJwt: boolean;
	expiresAt?: Date;
	/** `civic_profile`: a profile ID (UUID) or alias. */
	profileClaim?: string;
}

export function inspectToken(token: string): TokenInfo {
	const parts = token.split('.');
	if (parts.length !== 3) return { isJwt: false };
	try {
		const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
		if (!claims || typeof claims !== 'object') return { isJwt: false };
		return {
			isJwt: true,
			expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : undefined,
			profileClaim: typeof claims.civic_profile === 'string' ? claims.civic_profile : undefined,
		};
	} catch {
		return { isJwt: false };
	}
}

export const DAY_MS = 24 * 60 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string) => UUID.test(value);

/** "2026-11-22 14:03 UTC" */
export function formatUtc(date: Date): string {
	return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Whole days between now and the expiry, rounded towards "sooner": 0.4 days left is "0 days". */
export function daysUntil(expiresAt: Date, now = new Date()): number {
	return Math.floor((expiresAt.getTime() - now.getTime()) / DAY_MS);
}

export function expiredMessage(expiresAt: Date, now = new Date()): string {
	const ago = Math.floor((now.getTime() - expiresAt.getTime()) / DAY_MS);
	const when = ago === 0 ? 'today' : `${ago} day${ago === 1 ? '' : 's'} ago`;
	return `Token expired on ${formatUtc(expiresAt)} (${when})`;
}

export function expiresSoonMessage(expiresAt: Date, now = new Date()): string {
	const days = daysUntil(expiresAt, now);
	const when = days === 0 ? 'in less than a day' : `in ${days} day${days === 1 ? '' : 's'}`;
	return `The Civic token expires ${when}, on ${formatUtc(expiresAt)}`;
}

/**
 * A profile claim names another profile only when both sides are of the same kind:
 * a UUID claim cannot be compared with an alias, and then the hub decides.
 */
export function profileMismatch(profileClaim: string | undefined, profile: string): boolean {
	if (!profileClaim) return false;
	if (isUuid(profileClaim) !== isUuid(profile)) return false;
	return profileClaim.toLowerCase() !== profile.toLowerCase();
}

import { isUuid } from '../credentials/civicAppCredential';

/**
 * Reads what a Civic token says about itself, without verifying it: only the hub can do
 * that. Local reading lets us warn early (expired, wrong profile) and say when it expires.
 */
export interface TokenInfo {
	isJwt: boolean;
	expiresAt?: Date;
	issuedAt?: Date;
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
			issuedAt: typeof claims.iat === 'number' ? new Date(claims.iat * 1000) : undefined,
			profileClaim: typeof claims.civic_profile === 'string' ? claims.civic_profile : undefined,
		};
	} catch {
		return { isJwt: false };
	}
}

export const DAY_MS = 24 * 60 * 60 * 1000;

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

const HOUR_MS = 60 * 60 * 1000;

/**
 * How long a token has left, in the words Civic used when it was made: a 30-day token made
 * minutes ago has "30 days" left (days rounded to the nearest), and under two days, where a
 * day more or less matters, the hours are counted (rounded down, never promising more).
 */
export function timeLeftWords(expiresAt: Date, now = new Date()): string {
	const left = expiresAt.getTime() - now.getTime();
	if (left <= 0) return 'now';
	if (left < HOUR_MS) return 'in less than an hour';
	if (left < 2 * DAY_MS) {
		const hours = Math.floor(left / HOUR_MS);
		return `in ${hours} hour${hours === 1 ? '' : 's'}`;
	}
	return `in ${daysLeft(expiresAt, now)} days`;
}

/** The days a person is told are left: as timeLeftWords counts them (whole days below two). */
export function daysLeft(expiresAt: Date, now = new Date()): number {
	const left = expiresAt.getTime() - now.getTime();
	return left >= 2 * DAY_MS ? Math.round(left / DAY_MS) : Math.floor(left / DAY_MS);
}

export function expiresSoonMessage(expiresAt: Date, now = new Date()): string {
	return `The Civic token expires ${timeLeftWords(expiresAt, now)}, on ${formatUtc(expiresAt)}`;
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

import {
	daysUntil,
	expiredMessage,
	expiresSoonMessage,
	timeLeftWords,
	inspectToken,
	profileMismatch,
} from '../../../../nodes/shared/token/tokenClaims';

const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
const now = new Date('2026-11-24T12:00:00Z');

describe('token', () => {
	it('reads expiry and profile claims, and refuses what is not a JWT', () => {
		expect(inspectToken(jwt({ exp: 1_800_000_000, civic_profile: 'p' }))).toEqual({
			isJwt: true,
			expiresAt: new Date(1_800_000_000_000),
			profileClaim: 'p',
		});
		expect(inspectToken('opaque-token')).toEqual({ isJwt: false });
		expect(inspectToken('a.!!!.c')).toEqual({ isJwt: false });
	});

	it('words expiry in days, rounded towards sooner', () => {
		expect(expiredMessage(new Date('2026-11-21T11:00:00Z'), now)).toBe('Token expired on 2026-11-21 11:00 UTC (3 days ago)');
		expect(expiredMessage(new Date('2026-11-24T11:00:00Z'), now)).toBe('Token expired on 2026-11-24 11:00 UTC (today)');
		expect(daysUntil(new Date('2026-11-26T11:59:00Z'), now)).toBe(1);
	});

	it('words the time left as Civic did when the token was made, and in hours under two days', () => {
		const days = (n: number) => new Date(now.getTime() + n * 24 * 3600_000);
		// a 30-day token generated 16 minutes ago
		expect(timeLeftWords(days(30 - 16 / 1440), now)).toBe('in 30 days');
		expect(timeLeftWords(days(2.6), now)).toBe('in 3 days');
		expect(timeLeftWords(days(2), now)).toBe('in 2 days');
		expect(timeLeftWords(days(1.99), now)).toBe('in 47 hours');
		expect(timeLeftWords(days(1 / 24), now)).toBe('in 1 hour');
		expect(timeLeftWords(days(0.01), now)).toBe('in less than an hour');
		expect(expiresSoonMessage(new Date('2026-11-24T20:00:00Z'), now)).toBe('The Civic token expires in 8 hours, on 2026-11-24 20:00 UTC');
	});

	it('compares profile claims only with a profile of the same kind', () => {
		const a = '5b0c2a7e-3d4f-4e8a-9b61-0c1d2e3f4a5b';
		const b = '9e8d7c6b-5a49-4382-8170-f6e5d4c3b2a1';
		expect(profileMismatch(a, b)).toBe(true);
		expect(profileMismatch(a, a.toUpperCase())).toBe(false);
		expect(profileMismatch(a, 'demo')).toBe(false);
		expect(profileMismatch('sales', 'demo')).toBe(true);
		expect(profileMismatch(undefined, 'demo')).toBe(false);
	});
});

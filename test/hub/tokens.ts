import { randomUUID } from 'node:crypto';
import { generateSigningKeys, signJwt, type JwtClaims, type KeyPair } from './jwt';
import { DEMO_ACCOUNT_ID, DEMO_PROFILE, OTHER_PROFILE, SALES_PROFILE } from './directory';

const DAY = 24 * 60 * 60;

export interface MintOptions {
	accountId?: string;
	/** Profile ID for `civic_profile`; `null` leaves the claim out. */
	profileId?: string | null;
	/** Seconds from now; negative for a token that has already expired. */
	expiresIn?: number;
	claims?: JwtClaims;
}

/**
 * Mints tokens shaped like Civic's profile-scoped access tokens, signed with the hub's key,
 * so tests hold real JWTs with real signatures.
 */
export class TokenMinter {
	constructor(private readonly keys: KeyPair) {}

	mint(options: MintOptions = {}): string {
		const now = Math.floor(Date.now() / 1000);
		const expiresIn = options.expiresIn ?? 30 * DAY;
		const claims: JwtClaims = {
			iss: 'https://auth.civic.com/oauth/',
			sub: `user_${randomUUID()}`,
			client_id: 'civic-local-hub-demo',
			tid: options.accountId ?? DEMO_ACCOUNT_ID,
			iat: Math.min(now, now + expiresIn - 60),
			exp: now + expiresIn,
			scope: 'openid mcp',
			...options.claims,
		};
		const profileId = options.profileId === undefined ? DEMO_PROFILE.id : options.profileId;
		if (profileId !== null) claims.civic_profile = profileId;
		return signJwt(claims, this.keys.privateKey);
	}

	valid(profileId = DEMO_PROFILE.id): string {
		return this.mint({ profileId });
	}

	expired(daysAgo = 2): string {
		return this.mint({ expiresIn: -daysAgo * DAY });
	}

	expiringSoon(days = 2): string {
		return this.mint({ expiresIn: days * DAY });
	}

	/** A token for the `sales` profile of the same account. */
	forOtherProfile(): string {
		return this.mint({ profileId: SALES_PROFILE.id });
	}

	forOtherAccount(): string {
		return this.mint({ accountId: 'acct_other_0002', profileId: OTHER_PROFILE.id });
	}

	withoutProfile(): string {
		return this.mint({ profileId: null });
	}

	/** Well-formed, but signed by a key the hub does not trust. */
	badlySigned(): string {
		return new TokenMinter(generateSigningKeys()).valid();
	}

	static notAJwt(): string {
		return 'civic_not-a-jwt-at-all_0123456789';
	}
}

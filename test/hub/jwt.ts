import { createSign, createVerify, generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface JwtClaims {
	sub?: string;
	iat?: number;
	exp?: number;
	client_id?: string;
	/** The Civic account (tenant) the token belongs to. */
	tid?: string;
	/** The profile ID (a UUID), set on profile-scoped tokens. */
	civic_profile?: string;
	[claim: string]: unknown;
}

export interface KeyPair {
	privateKey: KeyObject;
	publicKey: KeyObject;
}

/** Keys live only in memory: a hub makes a fresh pair each time it starts. */
export function generateSigningKeys(): KeyPair {
	return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

export function signJwt(claims: JwtClaims, key: KeyObject, kid = 'civic-local-hub'): string {
	const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
	const payload = base64url(JSON.stringify(claims));
	const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(key);
	return `${header}.${payload}.${base64url(signature)}`;
}

export type VerifyResult =
	| { ok: true; claims: JwtClaims }
	| { ok: false; reason: 'malformed' | 'bad_signature' | 'expired'; description: string };

/**
 * Tokens whose signature has been checked, per key. An RSA check on every request was the
 * largest single cost of a call on this hub; real hubs keep verified tokens the same way.
 * Expiry is still checked on every request.
 */
const verifiedSignatures = new WeakMap<KeyObject, Set<string>>();
const MAX_VERIFIED = 10_000;

export function verifyJwt(token: string, key: KeyObject, nowSeconds: number): VerifyResult {
	const parts = token.split('.');
	if (parts.length !== 3) {
		return { ok: false, reason: 'malformed', description: 'The access token is malformed' };
	}
	let header: { alg?: string };
	let claims: JwtClaims;
	try {
		header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
		claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
	} catch {
		return { ok: false, reason: 'malformed', description: 'The access token is malformed' };
	}
	if (header.alg !== 'RS256') {
		return { ok: false, reason: 'malformed', description: 'Unsupported token algorithm' };
	}
	let verified = verifiedSignatures.get(key);
	if (!verified?.has(token)) {
		const valid = createVerify('RSA-SHA256')
			.update(`${parts[0]}.${parts[1]}`)
			.verify(key, Buffer.from(parts[2], 'base64url'));
		if (!valid) {
			return { ok: false, reason: 'bad_signature', description: 'The access token signature is invalid' };
		}
		if (!verified || verified.size >= MAX_VERIFIED) verifiedSignatures.set(key, (verified = new Set()));
		verified.add(token);
	}
	if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) {
		return { ok: false, reason: 'expired', description: 'The access token expired' };
	}
	return { ok: true, claims };
}

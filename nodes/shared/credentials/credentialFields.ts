import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/**
 * What the three credentials' readers share: the error that names a field and what to do,
 * a required field, and the URLs secrets are sent to. Below the wire: it imports nothing of it.
 */
export type CredentialName = 'Civic API' | 'Civic App' | 'Civic OAuth2';

/** Thrown for a credential field that cannot work; says which field and what to do. */
export class CredentialFieldError extends Error {
	constructor(
		readonly field: string,
		message: string,
		readonly credential: CredentialName = 'Civic API',
	) {
		super(message);
		this.name = 'CredentialFieldError';
	}
}

/** A field that must be filled in, trimmed; `hint` says where its value is found. */
export function requiredField(data: ICredentialDataDecryptedObject, field: string, label: string, credential: CredentialName, hint = ''): string {
	const value = String(data[field] ?? '').trim();
	if (!value) throw new CredentialFieldError(field, `The ${credential} credential has no ${label}: fill in the "${label}" field${hint}`, credential);
	return value;
}

export interface UrlField {
	field: string;
	label: string;
	example: string;
	credential: CredentialName;
}

/**
 * A credential's URL that tokens or a client secret are sent to: https, or plain http only to
 * this machine (a local hub or a test). Anywhere else plain http would hand them to anyone
 * on the way.
 */
export function secureUrl(text: string, where: UrlField): URL {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new CredentialFieldError(where.field, `The ${where.label} "${text}" is not a valid URL: use e.g. ${where.example}`, where.credential);
	}
	if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname))) return url;
	throw new CredentialFieldError(
		where.field,
		url.protocol === 'http:'
			? `The ${where.label} must start with https://: plain http:// would send the token unencrypted (it is allowed only for this machine, e.g. http://127.0.0.1)`
			: `The ${where.label} must start with https:// (got "${url.protocol}")`,
		where.credential,
	);
}

function isLoopback(hostname: string): boolean {
	return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}


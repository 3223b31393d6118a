import { CredentialFieldError, type CivicCredentials } from './credentials';
import { ForeignOriginError } from './hubErrors';

/**
 * The one place the hub URL is built, for the node and the credential test alike:
 * Civic's parameters are set on whatever URL the user gave, keeping its own query.
 * The token never goes into the URL.
 */
export function buildHubUrl(credentials: Omit<CivicCredentials, 'token'>): URL {
	const url = secureUrl(credentials.hubUrl, { field: 'hubUrl', label: 'Hub URL', example: 'https://app.civic.com/hub/mcp', credential: 'Civic API' });
	url.searchParams.set('accountId', credentials.accountId);
	url.searchParams.set('profile', credentials.profile);
	url.searchParams.set('lock', String(credentials.lock));
	if (credentials.skills.length) url.searchParams.set('skills', credentials.skills.join(','));
	else url.searchParams.delete('skills');
	return url;
}

export interface UrlField {
	field: string;
	label: string;
	example: string;
	credential: CredentialFieldError['credential'];
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

/** A URL the hub named, resolved against the hub's; refused when on another origin (it would get the token). */
export function sameOriginUrl(target: string, hubUrl: URL): URL {
	let url: URL;
	try {
		url = new URL(target, hubUrl);
	} catch {
		throw new ForeignOriginError(target, hubUrl.origin);
	}
	if (url.origin !== hubUrl.origin) throw new ForeignOriginError(url.host || target, hubUrl.origin);
	return url;
}

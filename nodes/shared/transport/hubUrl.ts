import { CredentialFieldError, type CivicCredentials } from './credentials';
import { ForeignOriginError } from './hubErrors';

/**
 * The one place the hub URL is built, for the node and the credential test alike:
 * Civic's parameters are set on whatever URL the user gave, keeping its own query.
 * The token never goes into the URL.
 */
export function buildHubUrl(credentials: Omit<CivicCredentials, 'token'>): URL {
	let url: URL;
	try {
		url = new URL(credentials.hubUrl);
	} catch {
		throw new CredentialFieldError(
			'hubUrl',
			`The Hub URL "${credentials.hubUrl}" is not a valid URL: use e.g. https://app.civic.com/hub/mcp`,
		);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new CredentialFieldError('hubUrl', `The Hub URL must start with https:// (got "${url.protocol}")`);
	}
	url.searchParams.set('accountId', credentials.accountId);
	url.searchParams.set('profile', credentials.profile);
	url.searchParams.set('lock', String(credentials.lock));
	if (credentials.skills.length) url.searchParams.set('skills', credentials.skills.join(','));
	else url.searchParams.delete('skills');
	return url;
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

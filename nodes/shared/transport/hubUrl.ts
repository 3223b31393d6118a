import type { CivicCredentials } from '../credentials/civicApiCredential';
import { secureUrl } from '../credentials/credentialFields';
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

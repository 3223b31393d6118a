import { CredentialFieldError, type CivicCredentials } from './credentials';

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

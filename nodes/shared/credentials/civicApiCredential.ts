import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { CredentialFieldError, requiredField, type CredentialName } from './credentialFields';

export const CIVIC_CREDENTIAL_TYPE = 'civicApi';
export const DEFAULT_HUB_URL = 'https://app.civic.com/hub/mcp';
/** Civic's real path to a new token; there is no renewal and no deep link. */
export const TOKEN_PAGE_HINT =
	'Generate a new token in Civic (app.civic.com → Tools → Install → choose the profile → Install → set the expiry), copy it (it is shown once), and paste it into the Civic API credential.';

/** The Civic API credential, cleaned up and checked. */
export interface CivicCredentials {
	accountId: string;
	profile: string;
	token: string;
	hubUrl: string;
	lock: boolean;
	skills: string[];
}

/** Copying a token from a web page adds spaces, line breaks and sometimes the word "Bearer". */
export function cleanToken(raw: unknown): string {
	return String(raw ?? '')
		.trim()
		.replace(/^bearer\s+/i, '')
		.replace(/\s+/g, '');
}

export function readCredentials(data: ICredentialDataDecryptedObject): CivicCredentials {
	const hub = readHubFields(data, 'Civic API');
	const token = cleanToken(data.apiToken);
	if (!token) {
		throw new CredentialFieldError('apiToken', `The Civic API credential has no token. ${TOKEN_PAGE_HINT}`);
	}
	return { ...hub, token };
}

/** The hub's side of a one-person credential (a token's, an OAuth2 sign-in's): sent as Civic's URL parameters. */
export function readHubFields(data: ICredentialDataDecryptedObject, credential: CredentialName): Omit<CivicCredentials, 'token'> {
	return {
		accountId: requiredField(data, 'accountId', 'Account ID', credential),
		profile: requiredField(data, 'profile', 'Profile', credential),
		hubUrl: String(data.hubUrl ?? '').trim() || DEFAULT_HUB_URL,
		lock: data.lock !== false,
		skills: String(data.skills ?? '')
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean),
	};
}

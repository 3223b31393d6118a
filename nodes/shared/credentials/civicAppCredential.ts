import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { DEFAULT_HUB_URL } from './civicApiCredential';
import { requiredField, secureUrl } from './credentialFields';

export const CIVIC_APP_CREDENTIAL_TYPE = 'civicAppApi';
export const DEFAULT_TOKEN_URL = 'https://auth.civic.com/oauth/token';

/** The Civic App credential, cleaned up and checked: an app whose end users each act as themselves. */
export interface CivicAppCredentials {
	clientId: string;
	clientSecret: string;
	tokenUrl: URL;
	hubUrl: URL;
	/** A profile UUID: the exchanged tokens are locked to it, and the hub is told it. Empty: Civic decides. */
	profileId: string;
}

export function readAppCredentials(data: ICredentialDataDecryptedObject): CivicAppCredentials {
	const required = (field: string, label: string) => requiredField(data, field, label, 'Civic App', ` with your app's ${label} from Civic`);
	return {
		clientId: required('clientId', 'Client ID'),
		clientSecret: required('clientSecret', 'Client Secret'),
		tokenUrl: httpUrl(data.tokenUrl, DEFAULT_TOKEN_URL, 'tokenUrl', 'Token URL'),
		hubUrl: httpUrl(data.hubUrl, DEFAULT_HUB_URL, 'hubUrl', 'Hub URL'),
		profileId: String(data.profileId ?? '').trim(),
	};
}

function httpUrl(raw: unknown, fallback: string, field: string, label: string): URL {
	return secureUrl(String(raw ?? '').trim() || fallback, { field, label, example: fallback, credential: 'Civic App' });
}

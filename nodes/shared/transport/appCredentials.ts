import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { CredentialFieldError, DEFAULT_HUB_URL } from './credentials';
import { secureUrl } from './hubUrl';

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
	const required = (field: string, label: string) => {
		const value = String(data[field] ?? '').trim();
		if (!value) {
			throw new CredentialFieldError(field, `The Civic App credential has no ${label}: fill in the "${label}" field with your app's ${label} from Civic`, 'Civic App');
		}
		return value;
	};
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

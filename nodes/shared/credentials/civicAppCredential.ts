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
	/** A profile UUID (exchanged tokens are locked to it) or an alias such as `default`; empty: Civic decides. */
	profileId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string) => UUID.test(value);

/**
 * The profile as Civic takes it from an app: a UUID as `x-civic-profile-id` (Civic's SDKs), an
 * alias as `x-civic-profile` (Civic's app-integration guide and federated-auth demos).
 */
export function profileHeaders(profile: string): Record<string, string> | undefined {
	if (!profile) return undefined;
	return isUuid(profile) ? { 'x-civic-profile-id': profile } : { 'x-civic-profile': profile };
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

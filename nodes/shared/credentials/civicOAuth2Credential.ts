import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { readHubFields, type CivicCredentials } from './civicApiCredential';
import { CredentialFieldError } from './credentialFields';

export const CIVIC_OAUTH2_CREDENTIAL_TYPE = 'civicOAuth2Api';

/** The Civic OAuth2 credential, cleaned up and checked: one person, signed in with Civic Auth. */
export interface CivicOAuth2Credentials {
	/** Where the hub is and which account and profile, as for a Civic API token (sent as URL parameters). */
	hub: Omit<CivicCredentials, 'token'>;
	accessToken: string;
	/** What must never show: the refresh and ID tokens, the client secret (and its Basic form). */
	secrets: string[];
}

/** n8n keeps the token endpoint's last reply (merged over the ones before) under `oauthTokenData`. */
export function readOAuth2Credentials(data: ICredentialDataDecryptedObject): CivicOAuth2Credentials {
	const tokens = (data.oauthTokenData ?? {}) as Record<string, unknown>;
	const accessToken = typeof tokens.access_token === 'string' ? tokens.access_token : '';
	if (!accessToken) {
		throw new CredentialFieldError(
			'oauthTokenData',
			'The Civic OAuth2 credential is not connected yet: open it and click "Connect my account" to sign in with Civic',
			'Civic OAuth2',
		);
	}
	const clientSecret = String(data.clientSecret ?? '').trim();
	return {
		hub: readHubFields(data, 'Civic OAuth2'),
		accessToken,
		secrets: [tokens.refresh_token, tokens.id_token, clientSecret, clientSecret && `${String(data.clientId ?? '').trim()}:${clientSecret}`].filter(
			(secret): secret is string => typeof secret === 'string' && secret !== '',
		),
	};
}

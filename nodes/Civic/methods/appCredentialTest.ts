import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';
import { exchangeToken, TokenExchangeError } from '../../shared/token/tokenExchange';
import { readAppCredentials, type CivicAppCredentials } from '../../shared/credentials/civicAppCredential';
import { hubWords, scrubFor } from '../../shared/transport/hubErrors';

/** Sent where a user's token would go: Civic checks the client before the token, so only the client is tested. */
const NO_USER_TOKEN = 'n8n-credential-test-has-no-user-token';

/**
 * The "Test" button of the Civic App credential. No end user is at hand, so it asks for an
 * exchange of a placeholder token: Civic refusing the placeholder (invalid_grant) means it
 * accepted the Client ID and Secret; invalid_client means it did not.
 */
export async function civicAppApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	let app: CivicAppCredentials;
	try {
		app = readAppCredentials(credential.data ?? {});
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
	const secrets = { token: app.clientSecret, secrets: [`${app.clientId}:${app.clientSecret}`] };
	try {
		await exchangeToken(app, NO_USER_TOKEN, 'idToken');
	} catch (error) {
		// Civic may call a placeholder that is no JWT a malformed request rather than a bad grant
		if (error instanceof TokenExchangeError && (error.fault === 'user' || (error.fault === 'other' && error.code === 'invalid_request'))) {
			return {
				status: 'OK',
				message: `Civic accepts this Client ID and Secret at ${app.tokenUrl.host}. Each user's own token is exchanged when a workflow runs.`,
			};
		}
		if (error instanceof TokenExchangeError && error.fault === 'issuer') {
			return {
				status: 'Error',
				message: `Civic accepts this Client ID and Secret, but has no token exchange set up for the app (${hubWords(error.civicSaid || error.code, secrets)}). In Civic, connect the identity provider your users sign in with to the app's Client ID.`,
			};
		}
		const { message, description } =
			error instanceof TokenExchangeError ? error.describe((text) => hubWords(text, secrets)) : { message: (error as Error).message, description: '' };
		return { status: 'Error', message: scrubFor(`${message}. ${description}`.trim(), secrets) };
	}
	return { status: 'OK', message: `Civic accepts this Client ID and Secret at ${app.tokenUrl.host}.` };
}

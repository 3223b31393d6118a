import type { ICredentialType, INodeProperties } from 'n8n-workflow';
import { HUB_FIELDS, PROFILE_FIELDS } from './hubFields';

/**
 * Civic Auth's sign-in (OpenID Connect) through n8n's own OAuth2: "Connect my account" signs
 * a person in once, and the access token is renewed with the refresh token while workflows
 * run, so the connection does not end after 30 days as a pasted token does. Civic's own
 * clients ask for `offline_access` with `prompt=consent`: without both, Civic Auth issues no
 * refresh token. The flow is always PKCE (S256); with a Client Secret the client also
 * authenticates itself (a confidential client: Civic Auth's refresh chains last longer).
 */
export class CivicOAuth2Api implements ICredentialType {
	name = 'civicOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Civic OAuth2 API';

	icon = 'file:civic.svg' as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-civic#civic-oauth2-sign-in-once-renews-itself';

	properties: INodeProperties[] = [
		{
			displayName:
				'Create the Client ID in Civic: Settings → Integration → create a new auth connection. Add the OAuth Redirect URL shown here to its allowed redirect URLs, then click Connect ("Connect my account" on n8n 1.x).',
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			// a literal: n8n's editor offers "Connect my account" only for these words, not an expression
			default: 'pkce',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'The Client ID of your auth connection in Civic',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Optional: with a secret the client authenticates itself (a confidential client); without, n8n signs in with PKCE',
		},
		{
			displayName: 'Civic Auth URL',
			name: 'civicAuthUrl',
			type: 'string',
			default: 'https://auth.civic.com/oauth',
			description: 'Civic Auth: people sign in at <this>/auth, tokens come from <this>/token. Change it only for a test server.',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: '={{ String($self["civicAuthUrl"] || "https://auth.civic.com/oauth").replace(/\\/+$/, "") + "/auth" }}',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: '={{ String($self["civicAuthUrl"] || "https://auth.civic.com/oauth").replace(/\\/+$/, "") + "/token" }}',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: 'openid profile email offline_access',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: 'prompt=consent',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: '={{ $self["clientSecret"] ? "header" : "body" }}',
		},
		...PROFILE_FIELDS.map((field) => ({ ...field, description: field.name === 'profile' ? 'The profile (toolkit) alias whose tools the workflows use' : field.description })),
		...HUB_FIELDS,
	];
}

import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';
import { CIVIC_APP_CREDENTIAL_TYPE } from '../credentials/civicAppCredential';
import { CIVIC_CREDENTIAL_TYPE } from '../credentials/civicApiCredential';
import { CIVIC_OAUTH2_CREDENTIAL_TYPE } from '../credentials/civicOAuth2Credential';

const forApp = { show: { authentication: [CIVIC_APP_CREDENTIAL_TYPE] } };

/**
 * Whom the node acts as. The names (authentication, userToken, userTokenType and their
 * values) are what workflows are saved with: keep them. Workflows saved before there was a
 * choice have no `authentication` and get the default, one person's Civic API credential.
 */
export const authenticationProperties: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		noDataExpression: true,
		default: 'civicApi',
		options: [
			{
				name: 'Civic API (One Person)',
				value: 'civicApi',
				description: "Act as the person whose token is in the credential: their own automations",
			},
			{
				name: 'Civic OAuth2 (One Person, Renews Itself)',
				value: 'civicOAuth2Api',
				description: 'Act as the person who signed in with Civic in the credential; the connection renews itself while it is used',
			},
			{
				name: 'Civic App (Each End User)',
				value: 'civicAppApi',
				description: "Act as each item's end user, by their own token: the users of an app built on n8n",
			},
		],
	},
	{
		displayName: 'User Token',
		name: 'userToken',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.headers.authorization }}',
		description:
			'The end user\'s own token, as your app received it: e.g. the Authorization header of the Webhook request, or a field of the item. A "Bearer " in front is removed.',
		displayOptions: forApp,
	},
	{
		displayName: 'User Token Type',
		name: 'userTokenType',
		// a choice of kinds of token, not a secret: the rule knows fields by their name only
		// eslint-disable-next-line n8n-nodes-base/node-param-type-options-password-missing
		type: 'options',
		default: 'idToken',
		options: [
			{ name: 'Access Token', value: 'accessToken', description: "An access token from your app's identity provider; exchanged for a Civic token" },
			{ name: 'Civic Auth Token', value: 'civic', description: 'A Civic Auth access token (your app signs users in with Civic): sent to the hub as it is' },
			{ name: 'ID Token', value: 'idToken', description: "An ID token from your app's identity provider; exchanged for a Civic token" },
		],
		displayOptions: forApp,
	},
];

/** The three credentials, each shown for its Authentication choice; the Civic node carries the tests of the two with one. */
export function civicCredentials(tests: boolean): INodeCredentialDescription[] {
	return [
		{
			name: CIVIC_CREDENTIAL_TYPE,
			required: true,
			displayOptions: { show: { authentication: [CIVIC_CREDENTIAL_TYPE] } },
			...(tests ? { testedBy: 'civicApiTest' } : {}),
		},
		{ name: CIVIC_APP_CREDENTIAL_TYPE, required: true, displayOptions: forApp, ...(tests ? { testedBy: 'civicAppApiTest' } : {}) },
		{ name: CIVIC_OAUTH2_CREDENTIAL_TYPE, required: true, displayOptions: { show: { authentication: [CIVIC_OAUTH2_CREDENTIAL_TYPE] } } },
	];
}

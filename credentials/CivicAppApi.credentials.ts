import type { ICredentialType, INodeProperties } from 'n8n-workflow';
import { HUB_URL_FIELD } from './hubFields';

/**
 * A Civic app (Civic's "Connecting your app"): its users each reach the hub as themselves,
 * by exchanging the token their own sign-in gave them (RFC 8693) for a Civic token. The
 * check behind "Test" lives in the Civic node (`testedBy`): it asks Civic's token URL
 * whether it knows the client, without needing a user's token.
 */
export class CivicAppApi implements ICredentialType {
	name = 'civicAppApi';

	displayName = 'Civic App API';

	icon = 'file:civic.svg' as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-civic#civic-app-each-end-user-of-your-app';

	properties: INodeProperties[] = [
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: "Your app's Client ID from Civic, the one its token exchange is set up for",
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "Your app's Client Secret from Civic",
		},
		{
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'string',
			default: 'https://auth.civic.com/oauth/token',
			placeholder: 'e.g. https://auth.civic.com/oauth/token',
			description: "Civic Auth's token endpoint, where each user's token is exchanged. Change it only for a test set-up.",
		},
		HUB_URL_FIELD,
		{
			displayName: 'Profile',
			name: 'profileId',
			type: 'string',
			default: '',
			placeholder: 'e.g. default, or 5b0c2a7e-3d4f-4e8a-9b61-0c1d2e3f4a5b',
			description:
				"Optional. A profile UUID is sent as x-civic-profile-id and locks your users' exchanged tokens to it; an alias such as default is sent as x-civic-profile. Empty lets Civic choose each user's profile.",
		},
	];
}

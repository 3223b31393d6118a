import type { IAuthenticateGeneric, ICredentialType, INodeProperties } from 'n8n-workflow';
import { HUB_FIELDS, PROFILE_FIELDS } from './hubFields';

/**
 * A Civic token: a profile-scoped JWT (up to 30 days, never renewed, shown once).
 * Type and token field names match Civic's own `@civic/n8n-nodes-tool`, so a credential
 * made for one works with the other. The check behind "Test" lives in the Civic node
 * (`testedBy`), because it decodes the token before asking the hub.
 */
export class CivicApi implements ICredentialType {
	name = 'civicApi';

	displayName = 'Civic API';

	icon = 'file:civic.svg' as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-civic#civic-api-a-token';

	properties: INodeProperties[] = [
		...PROFILE_FIELDS,
		{
			displayName: 'Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The bearer token generated for this profile in Civic. It is shown only once and lasts up to 30 days.',
		},
		...HUB_FIELDS,
	];

	// For n8n's HTTP Request node with this credential; the Civic node sets the header itself.
	// Pasted tokens often carry "Bearer " and line breaks, so both are stripped.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization:
					'={{ "Bearer " + String($credentials.apiToken).trim().replace(/^bearer\\s+/i, "").replace(/\\s+/g, "") }}',
			},
		},
	};
}

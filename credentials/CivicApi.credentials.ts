import type { IAuthenticateGeneric, ICredentialType, INodeProperties } from 'n8n-workflow';

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

	documentationUrl = 'https://docs.civic.com/';

	properties: INodeProperties[] = [
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			default: '',
			required: true,
			description: 'Your Civic account ID, shown on the token page of app.civic.com',
		},
		{
			displayName: 'Profile',
			name: 'profile',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. default',
			description: 'The profile (toolkit) alias the token was created for; it decides which tools exist',
		},
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
		{
			displayName: 'Hub URL',
			name: 'hubUrl',
			type: 'string',
			default: 'https://app.civic.com/hub/mcp',
			placeholder: 'e.g. https://app.civic.com/hub/mcp',
			description: 'The Civic MCP endpoint. Change it only for a self-hosted or test hub.',
		},
		{
			displayName: 'Lock Profile',
			name: 'lock',
			type: 'boolean',
			default: true,
			description: 'Whether the session stays on this profile (token sessions are always locked in practice)',
		},
		{
			displayName: 'Skills',
			name: 'skills',
			type: 'string',
			default: '',
			placeholder: 'e.g. reports,research',
			description: 'Comma-separated skill aliases to load; an alias that matches nothing is ignored by Civic',
		},
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

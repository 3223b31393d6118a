import type { INodeProperties } from 'n8n-workflow';

/**
 * The hub's side of a one-person credential (Civic API token, Civic OAuth2): which account
 * and profile, sent as Civic's URL parameters. The names are the contract workflows and
 * credentials are saved with.
 */
export const PROFILE_FIELDS: INodeProperties[] = [
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
];

/** Every credential's: where the hub is. */
export const HUB_URL_FIELD: INodeProperties = {
	displayName: 'Hub URL',
	name: 'hubUrl',
	type: 'string',
	default: 'https://app.civic.com/hub/mcp',
	placeholder: 'e.g. https://app.civic.com/hub/mcp',
	description: 'The Civic MCP endpoint. Change it only for a self-hosted or test hub.',
};

export const HUB_FIELDS: INodeProperties[] = [
	HUB_URL_FIELD,
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

import type { INodeProperties } from 'n8n-workflow';

/** What a person can reasonably finish in one sitting: sign in, consent, come back. */
const MAX_AUTHORIZATION_WAIT_S = 900;

export const toolkitProperties: INodeProperties[] = [
	{
		displayName:
			'Connect this node to an AI Agent\'s Tool input: the agent is offered the tools of the credential\'s Civic profile, each with its own arguments',
		name: 'agentNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Tools to Include',
		name: 'include',
		type: 'options',
		default: 'all',
		description: 'Which tools of the profile the agent is offered',
		options: [
			{ name: 'All', value: 'all', description: 'Every tool of the profile' },
			{ name: 'Selected', value: 'selected', description: 'Only the tools chosen below' },
			{ name: 'All Except', value: 'except', description: 'Every tool but those chosen below' },
		],
	},
	{
		displayName: 'Tools to Include',
		name: 'includeTools',
		type: 'multiOptions',
		default: [],
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code-examples/expressions/">expression</a>',
		typeOptions: { loadOptionsMethod: 'getProfileTools' },
		displayOptions: { show: { include: ['selected'] } },
	},
	{
		displayName: 'Tools to Exclude',
		name: 'excludeTools',
		type: 'multiOptions',
		default: [],
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code-examples/expressions/">expression</a>',
		typeOptions: { loadOptionsMethod: 'getProfileTools' },
		displayOptions: { show: { include: ['except'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Retries',
				name: 'retries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 10 },
				default: 3,
				description:
					'How often to retry after a rate limit (429), a gateway error (502/503/504) or a dropped connection. A tool call is repeated only if it surely did not reach the tool, or the tool is marked idempotent.',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 60,
				description: 'How long one request may wait for the hub before it is cancelled',
			},
			{
				displayName: 'Wait for Authorization (Seconds)',
				name: 'authorizationWait',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: MAX_AUTHORIZATION_WAIT_S },
				default: 0,
				description:
					"When a tool's service is not yet authorized for the profile, how long to wait for a person to authorize it (the URL is in the log and the execution's hints) before the model is told where to authorize. 0 tells the model at once.",
			},
		],
	},
];

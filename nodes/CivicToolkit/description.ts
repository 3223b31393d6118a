import type { INodeProperties } from 'n8n-workflow';
import { authorizationWaitOption, RETRIES_OPTION, TIMEOUT_OPTION } from '../shared/n8n/callOptions';


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
			{ name: 'All Except', value: 'except', description: 'Every tool but those chosen below' },
			{
				name: 'Changes Data',
				value: 'changesData',
				description: 'Every tool not marked read-only (tools without a hint included): put this toolkit behind human review',
			},
			{ name: 'Read-Only', value: 'readOnly', description: 'Only the tools Civic marks read-only (readOnlyHint), as they are added' },
			{ name: 'Selected', value: 'selected', description: 'Only the tools chosen below' },
		],
	},
	{
		displayName:
			"Follows each tool's own hint (MCP's readOnlyHint), as Civic lists them now: a tool without a hint counts as changing data. The lists under Selected and All Except show each tool's kind.",
		name: 'kindNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { include: ['readOnly', 'changesData'] } },
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
			RETRIES_OPTION,
			TIMEOUT_OPTION,
			authorizationWaitOption('before the model is told where the user must authorize. 0 tells the model at once.'),
		],
	},
];

import type { INodeProperties } from 'n8n-workflow';

const show = { show: { operation: ['runTool'] } };
/** What a person can reasonably finish in one sitting: sign in, consent, come back. */
const MAX_AUTHORIZATION_WAIT_S = 900;

export const runToolDescription: INodeProperties[] = [
	{
		displayName: 'Tool',
		name: 'tool',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The tool of your Civic profile to run, e.g. google-calendar-get_events',
		displayOptions: show,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchTools', searchable: true },
			},
			{
				displayName: 'By Name',
				name: 'name',
				type: 'string',
				placeholder: 'e.g. google-calendar-get_events',
			},
		],
	},
	{
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		noDataExpression: true,
		default: 'manual',
		displayOptions: show,
		options: [
			{ name: 'Fields', value: 'manual', description: "Fill in the tool's arguments one by one" },
			{ name: 'JSON', value: 'json', description: 'Give all arguments as one JSON object' },
		],
	},
	{
		displayName: 'Arguments',
		name: 'arguments',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		displayOptions: { show: { operation: ['runTool'], inputMode: ['manual'] } },
		typeOptions: {
			loadOptionsDependsOn: ['tool.value'],
			resourceMapper: {
				resourceMapperMethod: 'getToolArguments',
				mode: 'add',
				fieldWords: { singular: 'argument', plural: 'arguments' },
				valuesLabel: 'Arguments',
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: false,
			},
		},
	},
	{
		displayName: 'Arguments (JSON)',
		name: 'jsonArguments',
		type: 'json',
		default: '{}',
		description: 'The tool\'s arguments as a JSON object, e.g. {"city": "Oslo"}',
		displayOptions: { show: { operation: ['runTool'], inputMode: ['json'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Max Total Time (Seconds)',
				name: 'maxTotalTime',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 600,
				description:
					'How long a tool that keeps reporting progress may run in all; each progress report restarts the Timeout. 0 means never longer than Timeout.',
			},
			{
				displayName: 'Output Raw Result',
				name: 'rawOutput',
				type: 'boolean',
				default: false,
				description:
					'Whether to output the MCP result exactly as the hub sent it (content blocks, structuredContent) instead of simplified fields and binary data',
			},
			{
				displayName: 'Parallel Calls',
				name: 'parallelism',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 32 },
				default: 1,
				description:
					'How many items run at the same time on the shared session. Output order and pairing stay the same as one at a time.',
			},
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
					"When the tool's service is not yet authorized for the profile, how long to wait for a person to authorize it (the URL is in the log and the execution's hints) before the item fails. 0 fails at once with the URL to open.",
			},
			{
				displayName: 'Warn Before Token Expiry (Days)',
				name: 'expiryWarningDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 3,
				description:
					'When the Civic token expires within this many days, the node still runs but adds a warning with the expiry date',
			},
		],
	},
];

export interface RunOptions {
	authorizationWait?: number;
	maxTotalTime?: number;
	parallelism?: number;
	rawOutput?: boolean;
	retries?: number;
	timeout?: number;
	expiryWarningDays?: number;
}


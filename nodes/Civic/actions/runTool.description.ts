import type { INodeProperties } from 'n8n-workflow';
import { authorizationWaitOption, RETRIES_OPTION, TIMEOUT_OPTION } from '../../shared/n8n/callOptions';

const show = { show: { operation: ['runTool'] } };

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
			RETRIES_OPTION,
			TIMEOUT_OPTION,
			authorizationWaitOption('before the item fails. 0 fails at once with the URL to open.'),
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


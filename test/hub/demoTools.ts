import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';

export interface ToolContext {
	signal: AbortSignal;
	/** Sends notifications/progress when the caller asked for progress. */
	progress(progress: number, total: number, message: string): Promise<void>;
	profileAlias: string;
	/** The user the session acts for: the token's `sub`. */
	user?: string;
}

export interface DemoTool {
	definition: Tool;
	/** The service a person must authorize for the profile before the tool runs. */
	service?: string;
	/** A matching credential exists but is not assigned to the (locked) profile. */
	unassignedCredential?: boolean;
	run(args: Record<string, unknown>, ctx: ToolContext): Promise<CallToolResult>;
}

const text = (value: string): CallToolResult => ({ content: [{ type: 'text', text: value }] });
const json = (value: unknown): CallToolResult => text(JSON.stringify(value));
const noArgs = { type: 'object' as const, properties: {} };

/** A 1×1 PNG. */
export const TINY_PNG_BASE64 =
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** A valid mono 8 kHz WAV of `samples` silent 16-bit samples. */
export function wavBytes(samples = 800): Buffer {
	const data = samples * 2;
	const buf = Buffer.alloc(44 + data);
	buf.write('RIFF', 0);
	buf.writeUInt32LE(36 + data, 4);
	buf.write('WAVEfmt ', 8);
	buf.writeUInt32LE(16, 16);
	buf.writeUInt16LE(1, 20);
	buf.writeUInt16LE(1, 22);
	buf.writeUInt32LE(8000, 24);
	buf.writeUInt32LE(16000, 28);
	buf.writeUInt16LE(2, 32);
	buf.writeUInt16LE(16, 34);
	buf.write('data', 36);
	buf.writeUInt32LE(data, 40);
	return buf;
}

/** PDF-looking bytes, padded to `size` so tests can ask for large blobs. */
export function pdfBytes(size = 64): Buffer {
	const head = Buffer.from('%PDF-1.4\n% civic local hub report\n');
	const tail = Buffer.from('\n%%EOF\n');
	const pad = Math.max(0, size - head.length - tail.length);
	return Buffer.concat([head, Buffer.alloc(pad, 0x20), tail]);
}

const sleep = (ms: number, signal: AbortSignal) =>
	new Promise<void>((resolve, reject) => {
		const timer = setTimeout(resolve, ms);
		signal.addEventListener('abort', () => {
			clearTimeout(timer);
			reject(new Error('cancelled'));
		});
	});

/** A read-only service tool that returns canned rows, as most of a real toolkit does. */
function serviceTool(name: string, title: string, description: string, rows: unknown[]): DemoTool {
	return {
		definition: {
			name,
			title,
			description,
			inputSchema: {
				type: 'object',
				properties: { limit: { type: 'integer', description: 'How many rows to return', default: 10 } },
			},
			annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
		},
		run: async (args) => json({ items: rows.slice(0, Number(args.limit ?? 10)) }),
	};
}

export const CREATE_EVENT_SCHEMA: Tool['inputSchema'] = {
	type: 'object',
	properties: {
		title: { type: 'string', description: 'Event title' },
		visibility: {
			type: 'string',
			enum: ['public', 'private', 'confidential'],
			default: 'private',
			description: 'Who can see the event',
		},
		durationMinutes: { type: 'integer', minimum: 1, description: 'Length in minutes' },
		priority: { type: 'number', description: 'Priority from 0 to 1' },
		allDay: { type: 'boolean', description: 'Whether the event lasts all day' },
		attendees: { type: 'array', items: { type: 'string' }, description: 'Attendee e-mail addresses' },
		location: {
			type: 'object',
			properties: { room: { type: 'string' }, floor: { type: 'integer' } },
			required: ['room'],
			description: 'Where the event takes place',
		},
		notes: { type: 'string', description: 'Optional notes' },
	},
	required: ['title', 'visibility', 'durationMinutes', 'priority', 'allDay', 'attendees', 'location'],
};

/** Arguments that satisfy CREATE_EVENT_SCHEMA: one value of every JSON type. */
export const VALID_EVENT = {
	title: 'Review',
	visibility: 'public',
	durationMinutes: 30,
	priority: 0.5,
	allDay: false,
	attendees: ['a@example.com'],
	location: { room: 'B2', floor: 2 },
};

/** As FastMCP/pydantic writes a schema: $defs, nullable anyOf, formats, bounds, a title everywhere, no extras. */
export const SCHEDULE_MEETING_SCHEMA: Tool['inputSchema'] = {
	type: 'object',
	title: 'schedule_meetingArguments',
	$defs: {
		Person: {
			type: 'object',
			title: 'Person',
			properties: {
				email: { type: 'string', format: 'email', title: 'Email' },
				name: { anyOf: [{ type: 'string' }, { type: 'null' }], default: null, title: 'Name' },
			},
			required: ['email'],
			additionalProperties: false,
		},
	},
	properties: {
		title: { type: 'string', minLength: 1, maxLength: 80, title: 'Title', description: 'Shown in the calendar' },
		start: { type: 'string', format: 'date-time', title: 'Start', description: 'When the meeting starts (ISO 8601)' },
		attendees: { type: 'array', items: { $ref: '#/$defs/Person' }, minItems: 1, title: 'Attendees' },
		priority: {
			anyOf: [{ type: 'integer', minimum: 1, maximum: 5 }, { type: 'null' }],
			default: null,
			title: 'Priority',
			description: '1 (low) to 5 (urgent)',
		},
		room: { anyOf: [{ type: 'string', pattern: '^[A-Z][0-9]{1,2}$' }, { type: 'null' }], default: 'B2', title: 'Room' },
		online: { type: 'boolean', default: false, title: 'Online' },
	},
	required: ['title', 'start', 'attendees'],
	additionalProperties: false,
};

/** Arguments that satisfy SCHEDULE_MEETING_SCHEMA. */
export const GOOD_MEETING = { title: 'Review', start: '2026-11-26T10:00:00Z', attendees: [{ email: 'ada@example.com' }], priority: 3 };
/** Arguments for demo-schedule_meeting as MCP servers' schemas check them: six bad, then the good one. */
export const MEETING_VARIANTS = [
	{ ...GOOD_MEETING, start: 'tomorrow at ten' },
	{ ...GOOD_MEETING, attendees: [{ email: 'not-an-email' }] },
	{ ...GOOD_MEETING, attendees: [{ name: 'Ada' }] },
	{ ...GOOD_MEETING, priority: 9 },
	{ ...GOOD_MEETING, title: '' },
	{ ...GOOD_MEETING, organiser: 'me' },
	GOOD_MEETING,
];

/** As zod-to-json-schema writes one: draft-07, `definitions`, exclusive bounds as numbers. */
export const LEDGER_ENTRY_SCHEMA: Tool['inputSchema'] = {
	$schema: 'http://json-schema.org/draft-07/schema#',
	type: 'object',
	properties: {
		entryId: { type: 'string', format: 'uuid' },
		amount: { type: 'number', exclusiveMinimum: 0 },
		currency: { type: 'string', enum: ['EUR', 'USD', 'GBP'] },
		bookedOn: { type: 'string', format: 'date' },
		lines: { type: 'array', items: { $ref: '#/definitions/line' }, minItems: 1 },
		reference: { type: 'string', format: 'uri' },
	},
	required: ['entryId', 'amount', 'currency', 'lines'],
	additionalProperties: false,
	definitions: {
		line: {
			type: 'object',
			properties: { account: { type: 'string', pattern: '^[0-9]{4}$' }, share: { type: 'number', minimum: 0, maximum: 1 } },
			required: ['account', 'share'],
			additionalProperties: false,
		},
	},
};

const tools: DemoTool[] = [
	{
		definition: {
			name: 'demo-who_am_i',
			title: 'Who am I',
			description: 'Returns the user and profile this session acts for.',
			inputSchema: { type: 'object', properties: { note: { type: 'string', description: 'Echoed back' } } },
			annotations: { readOnlyHint: true, idempotentHint: true },
		},
		run: async (args, ctx) => json({ user: ctx.user ?? null, profile: ctx.profileAlias, ...(args.note === undefined ? {} : { note: args.note }) }),
	},
	{
		definition: {
			name: 'demo-echo_text',
			title: 'Echo text',
			description: 'Returns a greeting as plain text. Fast; useful to check a connection.',
			inputSchema: { type: 'object', properties: { name: { type: 'string', description: 'Who to greet' } } },
			annotations: { readOnlyHint: true, idempotentHint: true },
		},
		run: async (args) => text(`Hello, ${String(args.name ?? 'world')}!`),
	},
	{
		definition: {
			name: 'demo-get_contact_json',
			title: 'Get contact',
			description: 'Returns one contact as a JSON object in a text block.',
			inputSchema: {
				type: 'object',
				properties: { id: { type: 'string', description: 'Contact ID' } },
				required: ['id'],
			},
			annotations: { readOnlyHint: true, idempotentHint: true },
		},
		run: async (args) =>
			json({ id: args.id, name: 'Ada Lovelace', email: 'ada@example.com', tags: ['vip'] }),
	},
	{
		definition: {
			name: 'demo-list_numbers_json',
			title: 'List numbers',
			description: 'Returns a JSON array in a text block.',
			inputSchema: noArgs,
			annotations: { readOnlyHint: true },
		},
		run: async () => json([1, 2, 3]),
	},
	{
		definition: {
			name: 'demo-get_weather_structured',
			title: 'Get weather',
			description: 'Returns the weather for a city as structured content matching its output schema.',
			inputSchema: {
				type: 'object',
				properties: { city: { type: 'string', description: 'City name' } },
				required: ['city'],
			},
			outputSchema: {
				type: 'object',
				properties: {
					city: { type: 'string' },
					temperatureC: { type: 'number' },
					conditions: { type: 'string' },
				},
				required: ['city', 'temperatureC', 'conditions'],
			},
			annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
		},
		run: async (args) => {
			const weather = { city: String(args.city), temperatureC: 21.5, conditions: 'sunny' };
			return { content: [{ type: 'text', text: JSON.stringify(weather) }], structuredContent: weather };
		},
	},
	{
		definition: {
			name: 'demo-render_chart_image',
			title: 'Render chart',
			description: 'Returns a PNG image.',
			inputSchema: noArgs,
			annotations: { readOnlyHint: true },
		},
		run: async () => ({
			content: [
				{ type: 'text', text: 'Chart rendered' },
				{ type: 'image', data: TINY_PNG_BASE64, mimeType: 'image/png' },
			],
		}),
	},
	{
		definition: {
			name: 'demo-speak_audio',
			title: 'Speak',
			description: 'Returns a WAV audio clip.',
			inputSchema: noArgs,
			annotations: { readOnlyHint: true },
		},
		run: async () => ({
			content: [{ type: 'audio', data: wavBytes().toString('base64'), mimeType: 'audio/wav' }],
		}),
	},
	{
		definition: {
			name: 'demo-export_report_blob',
			title: 'Export report',
			description: 'Returns a PDF report as an embedded binary resource.',
			inputSchema: {
				type: 'object',
				properties: { sizeBytes: { type: 'integer', description: 'Size of the PDF', default: 64 } },
			},
			annotations: { readOnlyHint: true, idempotentHint: true },
		},
		run: async (args) => ({
			content: [
				{
					type: 'resource',
					resource: {
						uri: 'file:///reports/q3-report.pdf',
						mimeType: 'application/pdf',
						blob: pdfBytes(Number(args.sizeBytes ?? 64)).toString('base64'),
					},
				},
			],
		}),
	},
	{
		definition: {
			name: 'demo-read_note_resource',
			title: 'Read note',
			description: 'Returns a Markdown note as an embedded text resource.',
			inputSchema: noArgs,
			annotations: { readOnlyHint: true },
		},
		run: async () => ({
			content: [
				{
					type: 'resource',
					resource: { uri: 'notes://meeting/42', mimeType: 'text/markdown', text: '# Meeting notes\n- ship it' },
				},
			],
		}),
	},
	{
		definition: {
			name: 'demo-find_file_link',
			title: 'Find file',
			description: 'Returns a link to a file instead of its content.',
			inputSchema: noArgs,
			annotations: { readOnlyHint: true },
		},
		run: async () => ({
			content: [
				{
					type: 'resource_link',
					uri: 'https://drive.example.com/files/abc123',
					name: 'budget.xlsx',
					mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
				},
			],
		}),
	},
	{
		definition: {
			name: 'demo-fail_tool',
			title: 'Always fails',
			description: 'A tool that reports a tool-level error (isError: true).',
			inputSchema: noArgs,
		},
		run: async () => ({
			content: [{ type: 'text', text: 'Calendar API quota exceeded for this user' }],
			isError: true,
		}),
	},
	{
		definition: {
			name: 'demo-create_event',
			title: 'Create event',
			description: 'Creates a calendar event. Not idempotent: each call creates one more event.',
			inputSchema: CREATE_EVENT_SCHEMA,
			annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
		},
		run: async (args) => {
			const missing = (CREATE_EVENT_SCHEMA.required ?? []).filter((key) => !(key in args));
			if (missing.length) {
				return { content: [{ type: 'text', text: `Missing arguments: ${missing.join(', ')}` }], isError: true };
			}
			return json({ created: true, event: args });
		},
	},
	{
		definition: {
			name: 'demo-slow_task',
			title: 'Slow task',
			description: 'Works for steps × stepMs milliseconds, reporting progress after each step.',
			inputSchema: {
				type: 'object',
				properties: {
					steps: { type: 'integer', default: 3 },
					stepMs: { type: 'integer', default: 100 },
				},
			},
			annotations: { readOnlyHint: true, idempotentHint: true },
		},
		run: async (args, ctx) => {
			const steps = Number(args.steps ?? 3);
			for (let step = 1; step <= steps; step++) {
				await sleep(Number(args.stepMs ?? 100), ctx.signal);
				await ctx.progress(step, steps, `step ${step} of ${steps}`);
			}
			return text(`Done after ${steps} steps`);
		},
	},
	{
		definition: {
			name: 'google-gmail-send_message',
			title: 'Send Gmail message',
			description: 'Sends an e-mail from the connected Gmail account.',
			inputSchema: {
				type: 'object',
				properties: { to: { type: 'string' }, subject: { type: 'string' }, body: { type: 'string' } },
				required: ['to', 'subject'],
			},
			annotations: { destructiveHint: false, idempotentHint: false, openWorldHint: true },
		},
		// Not authorized for the profile until a person approves a job (test/hub/authorizations.ts).
		service: 'google-gmail',
		run: async (args) => json({ sent: true, to: args.to, subject: args.subject, id: 'msg-1' }),
	},
	{
		definition: {
			name: 'outlook-send_mail',
			title: 'Send Outlook mail',
			description: 'Sends an e-mail from the connected Microsoft 365 account.',
			inputSchema: {
				type: 'object',
				properties: { to: { type: 'string' }, subject: { type: 'string' } },
				required: ['to'],
			},
			annotations: { idempotentHint: false },
		},
		unassignedCredential: true,
		run: async () => json({ sent: true }),
	},
	{
		definition: {
			name: 'demo-schedule_meeting',
			title: 'Schedule meeting',
			description: 'Schedules a meeting; its schema is written the way FastMCP/pydantic write them.',
			inputSchema: SCHEDULE_MEETING_SCHEMA,
			annotations: { idempotentHint: false },
		},
		run: async (args) => json({ scheduled: true, meeting: args }),
	},
	{
		definition: {
			name: 'demo-post_ledger_entry',
			title: 'Post ledger entry',
			description: 'Posts a ledger entry; its schema is written the way zod-to-json-schema writes them.',
			inputSchema: LEDGER_ENTRY_SCHEMA,
			annotations: { idempotentHint: false },
		},
		run: async (args) => json({ posted: true, entry: args }),
	},
	{
		definition: {
			name: 'demo-unreadable_schema',
			title: 'Unreadable schema',
			description: 'Its input schema points at a definition that does not exist: no validator can compile it.',
			inputSchema: { type: 'object', properties: { anything: { $ref: '#/$defs/Missing' } } },
		},
		run: async (args) => json({ received: args }),
	},
	serviceTool('google-calendar-get_events', 'Get calendar events', 'Lists upcoming Google Calendar events.', [
		{ id: 'ev1', summary: 'Stand-up', start: '2026-11-25T09:00:00Z' },
	]),
	serviceTool('google-drive-search_files', 'Search Drive files', 'Searches Google Drive files by name.', [
		{ id: 'f1', name: 'budget.xlsx' },
	]),
	serviceTool('hubspot-get_contacts', 'Get HubSpot contacts', 'Lists HubSpot CRM contacts.', [
		{ id: 'c1', email: 'grace@example.com' },
	]),
	serviceTool('github-list_issues', 'List GitHub issues', 'Lists open issues of a repository.', [
		{ number: 1, title: 'Bug' },
	]),
	serviceTool('xero-list_invoices', 'List Xero invoices', 'Lists Xero invoices.', [{ id: 'inv1', total: 120 }]),
	serviceTool('demo-weekly_report', 'Weekly report', 'Summarises the week (from the "reports" skill).', [
		{ week: 47, done: 12 },
	]),
];

export const DEMO_TOOLS: ReadonlyMap<string, DemoTool> = new Map(tools.map((t) => [t.definition.name, t]));

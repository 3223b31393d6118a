import type { INodeParameters, ResourceMapperValue } from 'n8n-workflow';
import { schemaToFields } from '../../../nodes/Civic/methods/resourceMapping';
import { CREATE_EVENT_SCHEMA, GOOD_MEETING, MEETING_VARIANTS, SCHEDULE_MEETING_SCHEMA, pdfBytes, TINY_PNG_BASE64, VALID_EVENT } from '../../hub/demoTools';
import { DEMO_PROFILE, DEMO_TOOL_PAGES } from '../../hub/directory';
import { credentialsFor, useHub } from '../../harness/hub';
import { runNode, type RunOptions } from '../../harness/n8n';
import { jsonMode } from '../../harness/parameters';
import { CONTINUE_JOB_TOOL } from '../../hub/authorizations';
import { closeAllSessions } from '../../../nodes/shared/transport/sessionPool';

/** Parameters as the editor saves them for Run Tool with a tool picked from the list. */
function runTool(
	tool: string,
	args: ResourceMapperValue['value'] = {},
	extra: INodeParameters = {},
	inputSchema: object = CREATE_EVENT_SCHEMA,
): INodeParameters {
	const value: ResourceMapperValue = {
		mappingMode: 'defineBelow',
		value: args,
		matchingColumns: [],
		schema: schemaToFields(inputSchema as never).filter((f) => args && f.id in args),
		attemptToConvertTypes: false,
		convertFieldsToString: false,
	};
	return { operation: 'runTool', tool: { __rl: true, mode: 'list', value: tool }, inputMode: 'manual', arguments: value, ...extra };
}

describe('Civic node', () => {
	const hub = useHub();
	const run = (options: Omit<RunOptions, 'credentials'> & { credentials?: RunOptions['credentials'] }) =>
		runNode({ credentials: credentialsFor(hub()), ...options });

	/** Every output and error, serialised: the token must be in none of it. */
	function expectNoToken(result: unknown, token: string) {
		expect(JSON.stringify(result, Object.getOwnPropertyNames(result ?? {}).concat())).not.toContain(token);
		expect(JSON.stringify(result)).not.toContain(token);
	}

	describe('List Tools', () => {
		it('outputs every tool of every page with its schemas and annotations', async () => {
			const { items, error } = await run({ parameters: { operation: 'listTools' } });
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json.name)).toEqual([...DEMO_PROFILE.tools, CONTINUE_JOB_TOOL]);
			expect(hub().stats.methods['tools/list']).toBe(DEMO_TOOL_PAGES);
			const weather = items.find((i) => i.json.name === 'demo-get_weather_structured')!.json;
			expect(weather).toMatchObject({
				title: 'Get weather',
				description: expect.stringContaining('structured content'),
				inputSchema: { type: 'object', required: ['city'] },
				outputSchema: { type: 'object', required: ['city', 'temperatureC', 'conditions'] },
				annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
			});
			expect(items.find((i) => i.json.name === 'demo-fail_tool')!.json).toMatchObject({ outputSchema: null, annotations: {} });
		});
	});

	describe('results to items', () => {
		it('turns plain text into a text field', async () => {
			const { items } = await run({ parameters: runTool('demo-echo_text', { name: 'Ada' }) });
			expect(items).toEqual([{ json: { text: 'Hello, Ada!' }, pairedItem: { item: 0 } }]);
		});

		it('turns a JSON object in text into fields, and other JSON into a result field', async () => {
			const contact = await run({ parameters: jsonMode('demo-get_contact_json', '{"id": "c9"}') });
			expect(contact.items[0].json).toEqual({ id: 'c9', name: 'Ada Lovelace', email: 'ada@example.com', tags: ['vip'] });
			const numbers = await run({ parameters: runTool('demo-list_numbers_json') });
			expect(numbers.items[0].json).toEqual({ result: [1, 2, 3] });
		});

		it('prefers structured content', async () => {
			const { items } = await run({ parameters: jsonMode('demo-get_weather_structured', '{"city": "Oslo"}') });
			expect(items[0].json).toEqual({ city: 'Oslo', temperatureC: 21.5, conditions: 'sunny' });
		});

		it('turns images, audio and embedded files into binary properties with MIME type and file name', async () => {
			const image = (await run({ parameters: runTool('demo-render_chart_image') })).items[0];
			expect(image.json).toEqual({ text: 'Chart rendered' });
			expect(image.binary!.data).toMatchObject({ mimeType: 'image/png', fileName: 'demo-render_chart_image-image.png', data: TINY_PNG_BASE64 });

			const audio = (await run({ parameters: runTool('demo-speak_audio') })).items[0];
			expect(audio.binary!.data).toMatchObject({ mimeType: 'audio/wav', fileName: 'demo-speak_audio-audio.wav', fileExtension: 'wav' });

			const report = (await run({ parameters: jsonMode('demo-export_report_blob', '{"sizeBytes": 3000}') })).items[0];
			expect(report.binary!.data).toMatchObject({ mimeType: 'application/pdf', fileName: 'q3-report.pdf' });
			expect(Buffer.from(report.binary!.data.data, 'base64').equals(pdfBytes(3000))).toBe(true);
		});

		it('keeps text resources and resource links as fields', async () => {
			const note = (await run({ parameters: runTool('demo-read_note_resource') })).items[0];
			expect(note.json).toEqual({ resources: [{ uri: 'notes://meeting/42', mimeType: 'text/markdown', text: '# Meeting notes\n- ship it' }] });
			const link = (await run({ parameters: runTool('demo-find_file_link') })).items[0];
			expect(link.json.links).toEqual([
				{ uri: 'https://drive.example.com/files/abc123', name: 'budget.xlsx', mimeType: expect.stringContaining('spreadsheet') },
			]);
		});

		it('outputs the raw MCP result when asked', async () => {
			const { items } = await run({ parameters: runTool('demo-render_chart_image', {}, { options: { rawOutput: true } }) });
			expect(items[0].json).toEqual({
				content: [
					{ type: 'text', text: 'Chart rendered' },
					{ type: 'image', data: TINY_PNG_BASE64, mimeType: 'image/png' },
				],
			});
			expect(items[0].binary).toBeUndefined();
		});
	});

	describe('Get Token Info', () => {
		it('reads the token alone: expiry, days left, how to renew; no request to the hub', async () => {
			const token = hub().tokens.expiringSoon(4);
			const { items } = await run({ parameters: { operation: 'getTokenInfo' }, credentials: credentialsFor(hub(), { apiToken: token }) });
			expect(items).toEqual([
				{
					json: {
						profile: 'demo',
						accountId: 'acct_demo_0001',
						expiresAt: expect.stringMatching(/^\d{4}-/),
						daysLeft: 4,
						expired: false,
						howToRenew: expect.stringContaining('Tools → Install'),
						message: expect.stringMatching(/^The Civic token for profile "demo" expires on .* \(in 4 days\)\.$/),
					},
					pairedItem: { item: 0 },
				},
			]);
			expect(hub().stats.methods).toEqual({});
			expect(JSON.stringify(items)).not.toContain(token);
		});

		it('asks the hub when told to, and says what it answered', async () => {
			const accepted = await run({ parameters: { operation: 'getTokenInfo', askHub: true } });
			expect(accepted.items[0].json).toMatchObject({ hubAccepts: true });
			const refused = await run({
				parameters: { operation: 'getTokenInfo', askHub: true },
				credentials: credentialsFor(hub(), { apiToken: hub().tokens.badlySigned() }),
			});
			expect(refused.items[0].json).toMatchObject({ hubAccepts: false, hubSays: expect.stringContaining('Civic rejected the token (HTTP 401)') });
		});
	});

	describe('as an AI Agent tool', () => {
		it('gives the model a short text for a result that is only a file', async () => {
			const { items } = await run({ parameters: runTool('demo-speak_audio'), asTool: true });
			expect(items[0].json).toEqual({ text: 'The tool returned a file: demo-speak_audio-audio.wav (audio/wav, 1.64 kB).' });
			expect(items[0].binary?.data.mimeType).toBe('audio/wav');
		});

		it('leaves results with JSON as they are', async () => {
			const { items } = await run({ parameters: runTool('demo-render_chart_image'), asTool: true });
			expect(items[0].json).toEqual({ text: 'Chart rendered' });
		});
	});

	describe('tool failures', () => {
		it('fails with the tool\'s own message on isError', async () => {
			const { items, error } = await run({ parameters: runTool('demo-fail_tool') });
			expect(items).toEqual([]);
			expect(error?.message).toBe('The tool "demo-fail_tool" reported an error: Calendar API quota exceeded for this user');
		});

		it('names near tools for an unknown one', async () => {
			const { error } = await run({ parameters: jsonMode('google-calendar-get_event', '{}') });
			expect(error?.message).toBe('Tool "google-calendar-get_event" does not exist in Civic profile "demo"');
			expect(error?.description).toMatch(/^Did you mean "google-calendar-get_events"/);
			expect(hub().stats.methods['tools/call']).toBeUndefined();
		});

		it('keeps going under Continue On Fail, with the error on the failed item', async () => {
			const items = [{ json: { tool: 'demo-echo_text' } }, { json: { tool: 'demo-fail_tool' } }, { json: { tool: 'demo-echo_text' } }];
			const result = await run({ parameters: jsonMode('={{ $json.tool }}', '{}'), items, continueOnFail: true });
			expect(result.error).toBeUndefined();
			expect(result.items).toEqual([
				{ json: { text: 'Hello, world!' }, pairedItem: { item: 0 } },
				{ json: { error: expect.stringMatching(/demo-fail_tool" reported an error: Calendar API quota/) }, pairedItem: { item: 1 } },
				{ json: { text: 'Hello, world!' }, pairedItem: { item: 2 } },
			]);
		});
	});

	describe('many items', () => {
		it('runs the tool named per item on one session, listing tools once', async () => {
			const items = [
				{ json: { tool: 'demo-get_weather_structured', city: 'Oslo' } },
				{ json: { tool: 'demo-echo_text', city: 'Rome' } },
				{ json: { tool: 'demo-get_weather_structured', city: 'Lima' } },
			];
			const { items: out } = await run({
				parameters: jsonMode('={{ $json.tool }}', '={{ JSON.stringify($json.tool === "demo-echo_text" ? { name: $json.city } : { city: $json.city }) }}'),
				items,
			});
			expect(out.map((i) => [i.json.city ?? i.json.text, i.pairedItem])).toEqual([
				['Oslo', { item: 0 }],
				['Hello, Rome!', { item: 1 }],
				['Lima', { item: 2 }],
			]);
			expect(hub().stats).toMatchObject({ sessionsCreated: 1, sessionsDeleted: 0 });
			expect(hub().stats.methods).toMatchObject({ initialize: 1, 'tools/list': DEMO_TOOL_PAGES, 'tools/call': 3 });
			// kept for the next execution, and ended on the hub when it is let go
			expect(hub().openSessions).toBe(1);
			await closeAllSessions();
			expect(hub().openSessions).toBe(0);
			expect(hub().stats.sessionsDeleted).toBe(1);
		});

		it('keeps the session for the next execution when an item fails, which runs on it', async () => {
			const { error } = await run({ parameters: runTool('demo-fail_tool'), items: [{ json: {} }, { json: {} }] });
			expect(error).toBeDefined();
			expect(hub().toolCalls('demo-fail_tool')).toBe(1);
			const { items } = await run({ parameters: jsonMode('demo-echo_text', '{}') });
			expect(items[0].json.text).toBe('Hello, world!');
			expect(hub().stats).toMatchObject({ sessionsCreated: 1, sessionsDeleted: 0 });
		});
	});

	describe('arguments', () => {
		it('sends every JSON type from the form, parsing array and object fields, and leaves empty optional fields out', async () => {
			const form = { ...VALID_EVENT, attendees: '["a@example.com"]', location: '{"room": "B2", "floor": 2}', notes: '' };
			const { items, error } = await run({ parameters: runTool('demo-create_event', form) });
			expect(error).toBeUndefined();
			expect(items[0].json).toEqual({ created: true, event: VALID_EVENT });
		});

		it.each([
			['a missing required field', { title: 'x' }, /"visibility" is required but missing; "durationMinutes" is required but missing/],
			['a value outside the enum', { ...VALID_EVENT, visibility: 'secret' }, /"visibility" must be one of "public", "private", "confidential", got "secret"/],
			['a wrong type', { ...VALID_EVENT, durationMinutes: 'soon' }, /"durationMinutes" must be an integer, got the text "soon"/],
			['a wrong nested type', { ...VALID_EVENT, location: { floor: 2.5 } }, /"location.room" is required but missing; "location.floor" must be an integer, got the number 2.5/],
		])('refuses %s without calling the tool', async (_name, args, message) => {
			const { error } = await run({ parameters: jsonMode('demo-create_event', JSON.stringify(args)) });
			expect(error?.message).toMatch(/^Invalid arguments for tool "demo-create_event": /);
			expect(error?.message).toMatch(message);
			expect(error?.description).toMatch(/Nothing was sent to the tool/);
			expect(hub().toolCalls('demo-create_event')).toBe(0);
		});

		it('sends a date-time field from the form (n8n hands it over as a date object) as ISO 8601 with its offset', async () => {
			const form = { title: 'Review', start: '2026-11-26T10:00:00', attendees: '[{"email": "ada@example.com"}]' };
			const { items, error } = await run({ parameters: runTool('demo-schedule_meeting', form, {}, SCHEDULE_MEETING_SCHEMA) });
			expect(error).toBeUndefined();
			expect(items[0].json).toEqual({
				scheduled: true,
				// 10:00 in the workflow's time zone, with that zone's offset
				meeting: { title: 'Review', start: expect.stringMatching(/^2026-11-26T10:00:00\.000[+-]\d\d:\d\d$/), attendees: [{ email: 'ada@example.com' }] },
			});
		});

		it('checks the whole JSON Schema: each bad argument of a FastMCP-style tool is refused, all of an item\'s problems at once', async () => {
			const bad = [...MEETING_VARIANTS.slice(0, -1), { ...GOOD_MEETING, title: '', priority: 9 }];
			const items = [...bad, GOOD_MEETING].map((args) => ({ json: { args } }));
			const { items: out } = await run({
				parameters: jsonMode('demo-schedule_meeting', '={{ JSON.stringify($json.args) }}'),
				items,
				continueOnFail: true,
			});
			expect(out.map((i) => i.json.error ?? i.json.scheduled)).toEqual([
				'Invalid arguments for tool "demo-schedule_meeting": "start" must be a date and time like 2026-11-25T10:00:00Z, got "tomorrow at ten"',
				'Invalid arguments for tool "demo-schedule_meeting": "attendees[0].email" must be an e-mail address, got "not-an-email"',
				'Invalid arguments for tool "demo-schedule_meeting": "attendees[0].email" is required but missing',
				'Invalid arguments for tool "demo-schedule_meeting": "priority" must be at most 5, got 9',
				'Invalid arguments for tool "demo-schedule_meeting": "title" must be at least 1 character long, got ""',
				'Invalid arguments for tool "demo-schedule_meeting": "organiser" is not an argument of this tool',
				'Invalid arguments for tool "demo-schedule_meeting": "title" must be at least 1 character long, got ""; "priority" must be at most 5, got 9',
				true,
			]);
			expect(hub().toolCalls('demo-schedule_meeting')).toBe(1);
		});

		it('runs a tool whose schema cannot be compiled unchecked, and says so in the log', async () => {
			const { items, error } = await run({
				parameters: jsonMode('demo-unreadable_schema', '{"anything": 1}'),
				credentials: credentialsFor(hub(), { profile: 'sales', apiToken: hub().tokens.forOtherProfile() }),
			});
			expect(error).toBeUndefined();
			expect(items[0].json).toEqual({ received: { anything: 1 } });
		});

		it('names the field whose expression fails', async () => {
			const { error } = await run({ parameters: jsonMode('demo-echo_text', '={{ JSON.stringify( }}') });
			expect(error?.message).toMatch(/^Could not read "Arguments \(JSON\)": /);
			expect(error?.description).toMatch(/Check the expression in "Arguments \(JSON\)"/);
		});

		it('refuses JSON arguments that are not valid JSON, or not an object', async () => {
			expect((await run({ parameters: jsonMode('demo-echo_text', '{name: Ada}') })).error?.message).toMatch(
				/^Arguments \(JSON\) is not valid JSON: /,
			);
			expect((await run({ parameters: jsonMode('demo-echo_text', '[1]') })).error?.message).toBe(
				'Arguments (JSON) must be a JSON object, got an array',
			);
			expect(hub().stats.methods['tools/call']).toBeUndefined();
		});

		it('names the item whose arguments are bad, and loses none under Continue On Fail', async () => {
			const items = [{ json: { d: 10 } }, { json: { d: 'x' } }];
			// pretty-printed so that no "}}" ends the expression early
			const args = `={{ JSON.stringify({ ...${JSON.stringify(VALID_EVENT, null, 1)}, durationMinutes: $json.d }) }}`;
			const { items: out } = await run({ parameters: jsonMode('demo-create_event', args), items, continueOnFail: true });
			expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			expect(out[0].json).toEqual({ created: true, event: { ...VALID_EVENT, durationMinutes: 10 } });
			expect(out[1].json.error).toMatch(/"durationMinutes" must be an integer/);
			expect(hub().toolCalls('demo-create_event')).toBe(1);
		});
	});

	describe('credentials and the hub', () => {
		it.each([
			['rejected (401)', () => hub().tokens.badlySigned(), 'Civic rejected the token (HTTP 401): it is expired, revoked or not a Civic token', '401'],
			['for another profile (403)', () => hub().tokens.forOtherProfile(), 'The token does not grant access to profile "demo" in account "acct_demo_0001" (HTTP 403)', '403'],
		])('fails clearly for a token %s, never showing it', async (_name, mint, message, httpCode) => {
			const token = mint();
			const result = await run({ parameters: runTool('demo-echo_text'), credentials: credentialsFor(hub(), { apiToken: token }) });
			expect(result.error?.message).toBe(message);
			expect((result.error as unknown as { httpCode: string }).httpCode).toBe(httpCode);
			expectNoToken(result, token);
		});

		it('turns a hub failure into one error item per input under Continue On Fail', async () => {
			const token = hub().tokens.forOtherProfile();
			const result = await run({
				parameters: runTool('demo-echo_text'),
				credentials: credentialsFor(hub(), { apiToken: token }),
				items: [{ json: {} }, { json: {} }],
				continueOnFail: true,
			});
			expect(result.items.map((i) => [i.json.error, i.pairedItem])).toEqual([
				[expect.stringContaining('HTTP 403'), { item: 0 }],
				[expect.stringContaining('HTTP 403'), { item: 1 }],
			]);
			expectNoToken(result, token);
		});

		it('sends every failed item to the error output under "Continue (using error output)"', async () => {
			const token = hub().tokens.badlySigned();
			const result = await run({
				parameters: jsonMode('={{ $json.tool }}', '{}'),
				credentials: credentialsFor(hub(), { apiToken: token }),
				items: [{ json: { tool: 'demo-echo_text' } }, { json: { tool: 'demo-fail_tool' } }],
				errorOutput: true,
			});
			expect(result.items).toEqual([]);
			expect(result.errorItems.map((i) => [i.json.error, i.error?.description, i.pairedItem])).toEqual([
				[expect.stringContaining('HTTP 401'), expect.stringContaining('Generate a new token'), { item: 0 }],
				[expect.stringContaining('HTTP 401'), expect.stringContaining('Generate a new token'), { item: 1 }],
			]);
			expectNoToken(result, token);
		});

		it('splits successes and tool errors between the two outputs', async () => {
			const items = [{ json: { tool: 'demo-echo_text' } }, { json: { tool: 'demo-fail_tool' } }];
			const result = await run({ parameters: jsonMode('={{ $json.tool }}', '{}'), items, errorOutput: true });
			expect(result.items).toEqual([{ json: { text: 'Hello, world!' }, pairedItem: { item: 0 } }]);
			expect(result.errorItems.map((i) => [i.json.error, i.pairedItem])).toEqual([
				[expect.stringMatching(/demo-fail_tool" reported an error/), { item: 1 }],
			]);
		});

		it('fails before any call with the date an expired token expired', async () => {
			const token = hub().tokens.expired(1);
			const result = await run({ parameters: runTool('demo-echo_text'), credentials: credentialsFor(hub(), { apiToken: token }) });
			expect(result.error?.message).toMatch(/^Token expired on \d{4}-\d\d-\d\d \d\d:\d\d UTC \(1 day ago\)$/);
			expect(hub().stats.methods).toEqual({});
			expectNoToken(result, token);
		});

		it('keeps the token out of successful output too', async () => {
			const token = hub().tokens.valid();
			const result = await run({ parameters: { operation: 'listTools' }, credentials: credentialsFor(hub(), { apiToken: token }) });
			expectNoToken(result, token);
		});
	});

	describe('finding 8: nothing poses as Civic', () => {
		const MAIL = 'please re-authorize your account at https://evil.example/login';

		it("keeps a tool's text that asks to re-authorize at another site as the tool's result, with no authorization link", async () => {
			const { items, error } = await run({ parameters: jsonMode('demo-echo_text', JSON.stringify({ name: MAIL })) });
			expect(error).toBeUndefined();
			expect(items[0].json).toEqual({ text: `Hello, ${MAIL}!` });
		});

		it('hands the model the same text, never a request to send the user there', async () => {
			const { items } = await run({ parameters: jsonMode('demo-echo_text', JSON.stringify({ name: MAIL })), asTool: true });
			expect(items[0].json).toEqual({ text: `Hello, ${MAIL}!` });
		});
	});
});

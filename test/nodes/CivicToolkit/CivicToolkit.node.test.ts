import type { IDataObject, INodeParameters } from 'n8n-workflow';
import type { AgentTool } from '../../../nodes/shared/agent/hostLangChain';
import { CONTINUE_JOB_TOOL } from '../../hub/authorizations';
import { GOOD_MEETING } from '../../hub/demoTools';
import { DEMO_PROFILE, DEMO_TOOL_PAGES } from '../../hub/directory';
import { credentialsFor, useHub } from '../../harness/hub';
import { runNode, supplyToolkit, TOOLKIT_NODE_TYPE } from '../../harness/n8n';

const ALL: INodeParameters = { include: 'all', options: {} };
/** The node is named "Civic" in the harness, so its tools are offered as Civic_<hub name>. */
const offeredName = (tool: string) => `Civic_${tool}`;

describe('Civic Toolkit', () => {
	const hub = useHub();

	async function toolkit(parameters: INodeParameters = ALL) {
		const { supply, runData, hints } = await supplyToolkit(parameters, credentialsFor(hub()));
		const tools = supply.response as AgentTool[] & { tools: AgentTool[]; getTools(): AgentTool[] };
		const named = (tool: string) => tools.find((t) => t.name === offeredName(tool))!;
		return { tools, named, runData, hints, close: () => supply.closeFunction?.() };
	}

	describe('what the agent is offered', () => {
		it("behind n8n's human review, each tool's schema in n8n-core's zod (JSON Schema would lose the call's arguments on approval)", async () => {
			const coreZod = jest.requireActual(require.resolve('zod', { paths: [require.resolve('n8n-core')] })) as typeof import('zod');
			const review = { id: 'review', name: 'Ask in Chat', type: '@n8n/n8n-nodes-langchain.chatHitlTool', typeVersion: 1.3, position: [0, 0] as [number, number], parameters: {} };
			const { supply } = await supplyToolkit({ include: 'changesData', options: {} }, credentialsFor(hub()), 'manual', undefined, undefined, review);
			const reviewed = supply.response as AgentTool[];
			expect(reviewed.length).toBeGreaterThan(0);
			for (const tool of reviewed) expect(tool.schema).toBeInstanceOf(coreZod.ZodType);
			const { tools } = await toolkit({ include: 'changesData', options: {} });
			for (const tool of tools) expect(tool.schema).not.toBeInstanceOf(coreZod.ZodType);
		});

		it('every tool of the profile but the hub\'s meta-tools, with the hub\'s descriptions, in a shape both n8n lines flatten', async () => {
			const { tools, named, close } = await toolkit();
			expect(tools.map((t) => t.name).sort()).toEqual(DEMO_PROFILE.tools.map(offeredName).sort());
			expect(tools.map((t) => t.name)).not.toContain(offeredName(CONTINUE_JOB_TOOL));
			expect(tools.getTools()).toBe(tools.tools);
			expect(tools.tools).toHaveLength(tools.length);
			expect(named('demo-get_weather_structured').description).toContain('Returns the weather for a city');
			expect(named('demo-echo_text').metadata).toEqual({ isFromToolkit: true, sourceNodeName: 'Civic' });
			await close();
		});

		it("gives each tool the hub's own schema: required, formats, nested objects with their $refs written out", async () => {
			const { named, close } = await toolkit();
			const schema = named('demo-schedule_meeting').schema as Record<string, any>;
			expect(schema).toMatchObject({ type: 'object', required: ['title', 'start', 'attendees'], additionalProperties: false });
			expect(schema.properties.start).toMatchObject({ type: 'string', format: 'date-time', description: 'When the meeting starts (ISO 8601)' });
			expect(schema.properties.attendees.items).toMatchObject({
				type: 'object',
				required: ['email'],
				properties: { email: { type: 'string', format: 'email' } },
			});
			expect(JSON.stringify(schema)).not.toContain('$ref');
			expect(schema.$defs).toBeUndefined();
			await close();
		});

		it('offers only the chosen tools (Selected) or all but them (All Except)', async () => {
			const selected = await toolkit({ include: 'selected', includeTools: ['demo-echo_text', 'xero-list_invoices'] });
			expect(selected.tools.map((t) => t.name).sort()).toEqual([offeredName('demo-echo_text'), offeredName('xero-list_invoices')]);
			await selected.close();
			const except = await toolkit({ include: 'except', excludeTools: ['demo-echo_text', 'google-gmail-send_message'] });
			expect(except.tools).toHaveLength(DEMO_PROFILE.tools.length - 2);
			expect(except.tools.map((t) => t.name)).not.toContain(offeredName('demo-echo_text'));
			await except.close();
		});

		// the demo profile's annotations, read from test/hub/demoTools.ts by hand
		const CHANGES_DATA = ['demo-create_event'];
		const NO_HINT = ['demo-fail_tool', 'demo-schedule_meeting', 'demo-post_ledger_entry', 'google-gmail-send_message', 'outlook-send_mail'];

		it("offers by what tools say they do: Read-Only only readOnlyHint tools, Changes Data the rest, tools without a hint included", async () => {
			const readOnly = await toolkit({ include: 'readOnly', options: {} });
			expect(readOnly.tools.map((t) => t.name).sort()).toEqual(
				DEMO_PROFILE.tools.filter((t) => ![...CHANGES_DATA, ...NO_HINT].includes(t)).map(offeredName).sort(),
			);
			await readOnly.close();
			const changes = await toolkit({ include: 'changesData', options: {} });
			expect(changes.tools.map((t) => t.name).sort()).toEqual([...CHANGES_DATA, ...NO_HINT].map(offeredName).sort());
			await changes.close();
		});

		it('says how many tools carry no hint and count as changing data', async () => {
			const { hints, close } = await toolkit({ include: 'changesData', options: {} });
			expect(JSON.stringify(hints())).toContain(`${NO_HINT.length} of the profile's ${DEMO_PROFILE.tools.length} tools carry no read-only hint`);
			await close();
		});

		it('refuses a Tools to Include value it does not know, naming it, instead of offering every tool', async () => {
			await expect(supplyToolkit({ include: 'readOnlyPlus', options: {} }, credentialsFor(hub()))).rejects.toThrow(
				'"Tools to Include" is "readOnlyPlus", which this version of the Civic Toolkit does not know',
			);
			expect(hub().stats.methods['tools/list'] ?? 0).toBe(0);
		});

		it("never runs a tool the node does not offer, even when the model names it (a Read-Only toolkit and a tool that changes data)", async () => {
			const { items } = await runNode({
				parameters: { include: 'readOnly', options: {} },
				credentials: credentialsFor(hub()),
				nodeType: TOOLKIT_NODE_TYPE,
				items: [{ json: { tool: offeredName('google-gmail-send_message'), to: 'a@b.c', subject: 'Hi', toolCallId: 'c' } }],
			});
			expect(items[0].json.error).toBe(`No tool "${offeredName('google-gmail-send_message')}" is offered by this node`);
			expect(hub().toolCalls('google-gmail-send_message')).toBe(0);
		});

		it('fails with what to check when the choice leaves no tool', async () => {
			await expect(supplyToolkit({ include: 'selected', includeTools: ['no-such-tool'] }, credentialsFor(hub()))).rejects.toThrow(
				'No tool of Civic profile "demo" is left to offer the agent',
			);
		});

		it('names a tool for function calling within 64 characters, unique per node', async () => {
			const { agentToolName } = await import('../../../nodes/shared/agent/toolNames');
			expect(agentToolName('Civic Toolkit', 'google-calendar-get_events')).toBe('Civic_Toolkit_google-calendar-get_events');
			expect(agentToolName('Civic Toolkit 2', 'google-calendar-get_events')).not.toBe(agentToolName('Civic Toolkit', 'google-calendar-get_events'));
			const long = agentToolName('A very long node name that someone typed in the editor', 'google-calendar-get_events_for_many_people');
			expect(long.length).toBeLessThanOrEqual(64);
			expect(long).toMatch(/^[A-Za-z0-9_-]+_google-calendar-get_events_for_many_people$/);
		});
	});

	describe("calls through the tool's function (AI Agent 2.x)", () => {
		it('runs the tool on the kept session and hands the model its result as text', async () => {
			const { named, close } = await toolkit();
			const answer = await named('demo-get_weather_structured').invoke({ city: 'Paris' });
			expect(JSON.parse(String(answer))).toEqual({ city: 'Paris', temperatureC: 21.5, conditions: 'sunny' });
			expect(await named('demo-echo_text').invoke({ name: 'Ada' })).toBe('Hello, Ada!');
			expect(hub().toolCalls('demo-get_weather_structured')).toBe(1);
			await close();
		});

		it('costs a warm agent turn one hub request per tool call', async () => {
			const first = await toolkit();
			await first.named('demo-echo_text').invoke({ name: 'Ada' });
			await first.close();
			const before = hub().stats.httpRequests;
			const warm = await toolkit();
			await warm.named('demo-echo_text').invoke({ name: 'Bo' });
			await warm.named('demo-get_contact_json').invoke({ id: 'c-1' });
			await warm.close();
			expect(hub().stats.httpRequests - before).toBe(2);
			expect(hub().stats.methods['tools/list']).toBe(DEMO_TOOL_PAGES);
		});

		it('answers arguments outside the schema with the field and the rule, and sends nothing', async () => {
			const { named, close } = await toolkit();
			const answer = JSON.parse(String(await named('demo-get_weather_structured').invoke({ city: 42 })));
			expect(answer.error).toMatch(/Invalid arguments for tool "demo-get_weather_structured": "city" must be a string/);
			const meeting = JSON.parse(String(await named('demo-schedule_meeting').invoke({ ...GOOD_MEETING, priority: 9 })));
			expect(meeting.error).toContain('"priority" must be at most 5');
			expect(hub().toolCalls('demo-get_weather_structured')).toBe(0);
			expect(hub().toolCalls('demo-schedule_meeting')).toBe(0);
			await close();
		});

		it("tells the model a tool's own error, and where a person must authorize", async () => {
			const { named, close } = await toolkit();
			expect(JSON.parse(String(await named('demo-fail_tool').invoke({}))).error).toMatch(/The tool "demo-fail_tool" reported an error/);
			const auth = String(await named('google-gmail-send_message').invoke({ to: 'a@b.c', subject: 'Hi' }));
			expect(auth).toMatch(/This action requires authorization\. Please ask the user to authorize at: http:\/\/127\.0\.0\.1:\d+\/hub\/authorize\//);
			expect(hub().toolCalls(CONTINUE_JOB_TOOL)).toBe(0);
			await close();
		});

		it('waits for authorization when the node says so, and answers with the real result', async () => {
			hub().authorizations.settings = { approveAfterMs: 500 };
			const { named, close } = await toolkit({ ...ALL, options: { authorizationWait: 10 } });
			const answer = JSON.parse(String(await named('google-gmail-send_message').invoke({ to: 'a@b.c', subject: 'Hi' })));
			expect(answer).toEqual({ sent: true, to: 'a@b.c', subject: 'Hi', id: 'msg-1' });
			expect(hub().toolCalls(CONTINUE_JOB_TOOL)).toBe(1);
			await close();
		});

		it('describes a file result in words instead of base64', async () => {
			const { named, close } = await toolkit();
			const answer = JSON.parse(String(await named('demo-render_chart_image').invoke({})));
			expect(answer).toEqual({ text: 'Chart rendered', files: expect.stringMatching(/^The tool returned image \(image\/png, \d+ bytes\)/) });
			await close();
		});

		it('logs each call under the node with its arguments and its answer, as the execution view shows them', async () => {
			const { named, runData, close } = await toolkit();
			await named('demo-echo_text').invoke({ name: 'Ada' });
			await named('demo-get_weather_structured').invoke({ city: 7 });
			const runs = runData();
			expect(runs.map((run) => run.inputOverride?.ai_tool?.[0]?.[0]?.json)).toEqual([
				{ tool: offeredName('demo-echo_text'), name: 'Ada' },
				{ tool: offeredName('demo-get_weather_structured'), city: 7 },
			]);
			expect(runs.map((run) => run.data?.ai_tool?.[0]?.[0]?.json)).toEqual([
				{ text: 'Hello, Ada!' },
				expect.objectContaining({ error: expect.stringContaining('"city" must be a string') }),
			]);
			await close();
		});

		it('shares one session across a CLI run\'s listing and calls (n8n execute), and ends it when the execution finishes', async () => {
			const { supply, finishExecution } = await supplyToolkit(ALL, credentialsFor(hub()), 'cli');
			const tools = supply.response as AgentTool[];
			const echo = tools.find((t) => t.name === offeredName('demo-echo_text'))!;
			expect(await echo.invoke({ name: 'Ada' })).toBe('Hello, Ada!');
			expect(await echo.invoke({ name: 'Bo' })).toBe('Hello, Bo!');
			expect(supply.closeFunction).toBeUndefined();
			expect(hub().stats.methods.initialize).toBe(1);
			expect(hub().openSessions).toBe(1);
			await finishExecution();
			expect(hub().openSessions).toBe(0);
			expect(hub().stats.sessionsDeleted).toBe(1);
		});

		it('ends a CLI run\'s session when AI Agent 3\'s execution of this node finishes', async () => {
			const { items } = await runNode({
				parameters: ALL,
				credentials: credentialsFor(hub()),
				nodeType: TOOLKIT_NODE_TYPE,
				mode: 'cli',
				items: [{ json: { tool: offeredName('demo-echo_text'), name: 'Bo' } }, { json: { tool: offeredName('demo-echo_text'), name: 'Cy' } }],
			});
			expect(items.map((item) => item.json)).toEqual([{ text: 'Hello, Bo!' }, { text: 'Hello, Cy!' }]);
			expect(hub().stats.methods.initialize).toBe(1);
			expect(hub().openSessions).toBe(0);
		});

		it('never puts the token in what the model reads', async () => {
			const { tools, close } = await toolkit();
			const token = credentialsFor(hub()).apiToken;
			hub().faults.arm({ kind: 'rpcError', code: -32603, message: `upstream saw ${token}` }, { tool: 'demo-echo_text' });
			const answer = String(await tools.find((t) => t.name === offeredName('demo-echo_text'))!.invoke({ name: 'Ada' }));
			expect(answer).toMatch(/error/);
			expect(answer).not.toContain(token);
			await close();
		});
	});

	describe("calls run as the node's execute() (AI Agent 3's engine requests)", () => {
		const call = (json: IDataObject) =>
			runNode({ parameters: ALL, credentials: credentialsFor(hub()), nodeType: TOOLKIT_NODE_TYPE, items: [{ json }] });

		it("keeps only the arguments the tool's schema names from the agent's item, and answers with the result", async () => {
			const { items, error } = await call({ chatInput: 'hi', tool: offeredName('demo-echo_text'), name: 'Ada', toolCallId: 'call_1' });
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json)).toEqual([{ text: 'Hello, Ada!' }]);
		});

		it('answers refused arguments and unknown tools for the model, sending nothing', async () => {
			const refused = await call({ tool: offeredName('demo-get_weather_structured'), city: 5, toolCallId: 'c' });
			expect(refused.items[0].json.error).toContain('"city" must be a string');
			const unknown = await call({ tool: 'Civic_nope', toolCallId: 'c' });
			expect(unknown.items[0].json.error).toBe('No tool "Civic_nope" is offered by this node');
			expect(hub().toolCalls('demo-get_weather_structured')).toBe(0);
		});

		it('fails loudly when run outside an agent, naming what to use instead', async () => {
			const { error } = await call({ name: 'Ada' });
			expect(error?.message).toContain('The Civic Toolkit runs the tools an AI Agent calls');
		});
	});
});

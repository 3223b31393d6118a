/** Workflows the e2e run executes in a real n8n, beside the importable examples/. */
import { MEETING_VARIANTS } from '../hub/demoTools';
import { DEMO_ACCOUNT_ID, DEMO_PROFILE } from '../hub/directory';
import { DEMO_OAUTH_CLIENT } from '../hub/signIn';

export const E2E_CREDENTIAL = { id: 'CivicLocalDemo01', name: 'Civic (local demo)' };
/** A credential for a second local hub, one with an event store that pauses streams. */
export const E2E_PAUSING_CREDENTIAL = { id: 'CivicPausingHub1', name: 'Civic (pausing hub)' };
/** A Civic App credential for the local hub's demo app (the per-user example uses it). */
export const E2E_APP_CREDENTIAL = { id: 'CivicLocalApp001', name: 'Civic App (local demo)' };
/** A Civic OAuth2 credential signed in at the local Civic Auth (its tokens imported as "Connect my account" leaves them). */
export const E2E_OAUTH_CREDENTIAL = { id: 'CivicOAuthDemo01', name: 'Civic OAuth (local demo)' };
/** A Civic OAuth2 credential at the local Civic Auth, not connected yet: `npm run dev` and the editor's "Connect my account". */
export const DEV_OAUTH_CREDENTIAL = { id: 'CivicOAuthLocal1', name: 'Civic OAuth (local demo)' };

/** What a person types into a Civic OAuth2 credential for the local hub (its public demo client: PKCE). */
export function localOAuthCredential(hub: { civicAuthUrl: string; url: string }) {
	return { clientId: DEMO_OAUTH_CLIENT.clientId, civicAuthUrl: hub.civicAuthUrl, accountId: DEMO_ACCOUNT_ID, profile: DEMO_PROFILE.alias, hubUrl: hub.url };
}

/** An OpenAI credential whose base URL points at the loopback FakeChatModel. */
export const E2E_MODEL_CREDENTIAL = { id: 'E2eLocalModel001', name: 'Local fake chat model' };

/** The review example's story as the stand-in model tells it: read a contact, then mail her (npm run dev, the e2e, README's picture). */
export const REVIEW_MAIL = { to: 'ada@example.com', subject: 'Agenda', body: 'Here is the agenda for Monday.' };
export const REVIEW_PLAN = [
	{ tool: 'demo-get_contact_json', args: { id: 'c-1' } },
	{ tool: 'google-gmail-send_message', args: REVIEW_MAIL },
];

const trigger = {
	id: 'trigger',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function civic(name: string, parameters: object, extra: object = {}) {
	return {
		id: name,
		name,
		type: 'n8n-nodes-civic.civic',
		typeVersion: 1,
		position: [300, 0],
		parameters,
		credentials: { civicApi: E2E_CREDENTIAL },
		...extra,
	};
}

/** Split Out: one item per entry of `field`. */
export function splitOut(name: string, field: string, x: number, options: object = {}) {
	return { id: 'split', name, type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [x, 0], parameters: { fieldToSplitOut: field, options } };
}

/** A Set node whose one item is `jsonOutput` (raw JSON or an expression): no Code node, which n8n 2.x runs in its task runner. */
export function itemsNode(name: string, jsonOutput: string, x: number) {
	return { id: 'make', name, type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [x, 0], parameters: { mode: 'raw', jsonOutput, options: {} } };
}

/** Main connections from each node to the next. */
export const chain = (...names: string[]) =>
	Object.fromEntries(names.slice(0, -1).map((n, i) => [n, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]));

function workflow(id: string, nodes: object[]) {
	const names = nodes.map((n) => (n as { name: string }).name);
	return { id, name: `e2e ${id}`, active: false, nodes, connections: chain(...names), settings: { executionOrder: 'v1' } };
}

const runTool = (tool: string, jsonArguments: string, options: object = {}) => ({
	operation: 'runTool',
	tool: { __rl: true, mode: 'name', value: tool },
	inputMode: 'json',
	jsonArguments,
	options,
});

/** Three items: the numbers [1, 2, 3] a demo tool returns, split into one item each. */
const threeItems = [
	civic('Numbers', runTool('demo-list_numbers_json', '{}')),
	splitOut('Split', 'result', 400),
];
const gmail = (options: object) => runTool('google-gmail-send_message', '{"to": "a@b.c", "subject": "Hi"}', options);

export const E2E_WORKFLOWS = {
	/** Several items, JSON mode with an expression per item. */
	jsonPerItem: workflow('E2eJsonPerItem01', [
		trigger,
		civic('Tools', { operation: 'listTools' }),
		civic('Weather', runTool('demo-get_weather_structured', '={{ JSON.stringify({ city: $json.name }) }}')),
	]),
	binary: workflow('E2eBinary0000001', [trigger, civic('Chart', runTool('demo-render_chart_image', '{}'))]),
	toolError: workflow('E2eToolError0001', [trigger, civic('Fails', runTool('demo-fail_tool', '{}'))]),
	toolErrorContinue: workflow('E2eToolErrorCon1', [
		trigger,
		civic('Fails', runTool('demo-fail_tool', '{}'), { onError: 'continueRegularOutput' }),
	]),
	/** A tool whose service is not authorized for the profile yet. */
	authRequired: workflow('E2eAuthRequired1', [trigger, civic('Gmail', gmail({}))]),
	authContinue: workflow('E2eAuthContinue1', [
		trigger,
		...threeItems,
		civic('Gmail', gmail({}), { onError: 'continueRegularOutput' }),
	]),
	authWait: workflow('E2eAuthWait00001', [trigger, ...threeItems, civic('Gmail', gmail({ authorizationWait: 60, parallelism: 3 }))]),
	/** A long call on the hub that pauses its stream (MCP 2025-11-25): the node must resume it. */
	pausedStream: workflow('E2ePausedStream1', [
		trigger,
		civic('Slow', runTool('demo-slow_task', '{"steps": 2, "stepMs": 400}', { retries: 0 }), {
			credentials: { civicApi: E2E_PAUSING_CREDENTIAL },
		}),
	]),
	/** Run Tool signed in with Civic Auth (Civic OAuth2). */
	oauth: workflow('E2eOAuthEcho0001', [
		trigger,
		civic('Echo', { ...runTool('demo-echo_text', '{"name": "Ada"}'), authentication: 'civicOAuth2Api' }, { credentials: { civicOAuth2Api: E2E_OAUTH_CREDENTIAL } }),
	]),
	/** Eight items at Parallel Calls 8, signed in with Civic OAuth2: they meet an expired access token together. */
	oauthParallel: workflow('E2eOAuthParall01', [
		trigger,
		itemsNode('Eight Items', '{"items": [1, 2, 3, 4, 5, 6, 7, 8]}', 200),
		splitOut('Split', 'items', 400),
		civic('Echo', { ...runTool('demo-echo_text', '={{ JSON.stringify({ name: String($json.items) }) }}', { parallelism: 8 }), authentication: 'civicOAuth2Api' }, {
			credentials: { civicOAuth2Api: E2E_OAUTH_CREDENTIAL },
		}),
	]),
	promotion: workflow('E2ePromotion0001', [trigger, civic('Outlook', runTool('outlook-send_mail', '{"to": "a@b.c"}'))]),
	/** One item per tool of the profile, each given the argument variant at its index (or none). */
	schemaChecks: workflow('E2eSchemaCheck01', [
		trigger,
		civic('Tools', { operation: 'listTools' }),
		civic(
			'Meeting',
			// pretty-printed, so that no "}}" ends the expression early (legacy expression engine)
			runTool('demo-schedule_meeting', `={{ JSON.stringify(${JSON.stringify(MEETING_VARIANTS, null, 1)}[$itemIndex]) }}`),
			{ onError: 'continueRegularOutput' },
		),
	]),
};

/** A production webhook that runs one Civic tool per request and answers with its result. */
export function webhookWorkflow(path: string, tool: string, jsonArguments: string) {
	return webhookWorkflowWith(path, [civic('Civic', runTool(tool, jsonArguments))]);
}

/**
 * The same webhook with its Civic node signed in with the Civic OAuth2 credential
 * `credential`; an item that fails is answered as `{ error }` (Continue On Fail).
 */
export function oauthWebhookWorkflow(path: string, tool: string, jsonArguments: string, credential: { id: string; name: string }) {
	const node = civic('Civic', { ...runTool(tool, jsonArguments), authentication: 'civicOAuth2Api' }, {
		credentials: { civicOAuth2Api: credential },
		onError: 'continueRegularOutput',
	});
	return webhookWorkflowWith(path, [node]);
}

/** A production webhook whose request goes through `nodes` in turn; it answers with the last one's first item. */
export function webhookWorkflowWith(path: string, nodes: Array<{ name: string; [key: string]: unknown }>) {
	const hook = {
		id: 'hook',
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: `${path}-hook`,
		parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
	};
	return {
		name: `e2e webhook ${path}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [hook, ...nodes],
		connections: chain(hook.name, ...nodes.map((n) => n.name)),
	};
}

/** An AI Agent whose only tool is the Civic node, the model filling the city with $fromAI. */
export const E2E_AGENT_WORKFLOW = agentWorkflow(
	'E2eAiAgent000001',
	'demo-get_weather_structured',
	"={{ JSON.stringify({ city: $fromAI('city', 'The city to get the weather for', 'string') }) }}",
);

/** The same agent with a tool whose service is not authorized yet: the model must get the URL. */
export const E2E_AGENT_AUTH_WORKFLOW = agentWorkflow(
	'E2eAiAgentAuth01',
	'google-gmail-send_message',
	"={{ JSON.stringify({ to: $fromAI('city', 'The recipient', 'string'), subject: 'Hi' }) }}",
);

/**
 * An AI Agent (version 3 runs each tool call as an engine request to the tool's node; 2.2
 * calls the tool's function) with the Civic Toolkit as its only tool input.
 */
export function toolkitAgentWorkflow(id: string, agentVersion: number, toolkitParameters: object = {}) {
	const agent = agentWorkflow(id, '', '');
	const toolkit = {
		id: 'civic-toolkit',
		name: 'Civic Toolkit',
		type: 'n8n-nodes-civic.civicToolkit',
		typeVersion: 1,
		position: [400, 200],
		credentials: { civicApi: E2E_CREDENTIAL },
		parameters: { include: 'all', options: {}, ...toolkitParameters },
	};
	const [start, agentNode, model] = agent.nodes;
	return {
		...agent,
		name: `e2e AI Agent ${agentVersion} with the Civic Toolkit (${id})`,
		nodes: [start, { ...agentNode, typeVersion: agentVersion }, model, toolkit],
		connections: {
			Start: agent.connections.Start,
			'Chat Model': agent.connections['Chat Model'],
			'Civic Toolkit': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
	};
}

/** An AI Agent 3 whose Civic Toolkit is signed in with the imported Civic OAuth2 credential. */
export function oauthToolkitAgent(id: string) {
	const base = toolkitAgentWorkflow(id, 3, { authentication: 'civicOAuth2Api' });
	const nodes = (base.nodes as Array<Record<string, unknown>>).map((node) =>
		node.name === 'Civic Toolkit' ? { ...node, credentials: { civicOAuth2Api: E2E_OAUTH_CREDENTIAL } } : node,
	);
	return { ...base, name: `e2e AI Agent 3 with the Civic Toolkit signed in with Civic OAuth2 (${id})`, nodes };
}

/**
 * An AI Agent run on three items (the demo numbers, split) whose Civic Toolkit acts, as a
 * Civic App, as the user `tokens` names for each item in turn: one agent run of several users.
 */
export function mixedUsersToolkitAgent(id: string, agentVersion: number, tokens: string[]) {
	const base = toolkitAgentWorkflow(id, agentVersion, {
		authentication: 'civicAppApi',
		userToken: `={{ ${JSON.stringify(tokens)}[$itemIndex % ${tokens.length}] }}`,
	});
	const [start, agentNode, model, toolkit] = base.nodes as Array<Record<string, unknown>>;
	return {
		...base,
		name: `e2e AI Agent ${agentVersion}, items of several users (${id})`,
		nodes: [start, ...threeItems, agentNode, model, { ...toolkit, credentials: { civicAppApi: E2E_APP_CREDENTIAL } }],
		connections: { ...base.connections, ...chain('Start', 'Numbers', 'Split', 'AI Agent') },
	};
}

/** An OpenAI Chat Model node under an agent, its credential pointing at the stand-in model. */
export function chatModelNode(credential: { id: string; name: string }) {
	return {
		id: 'model',
		name: 'Chat Model',
		type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
		typeVersion: 1.2,
		position: [200, 200],
		parameters: { model: { __rl: true, mode: 'id', value: 'local-fake' }, options: {} },
		credentials: { openAiApi: credential },
	};
}

function agentWorkflow(id: string, tool: string, jsonArguments: string) {
	return {
		id,
		name: `e2e AI Agent with Civic as a tool (${tool})`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			trigger,
			{
				id: 'agent',
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 2.2,
				position: [300, 0],
				parameters: { promptType: 'define', text: 'What is the weather in Paris?', options: {} },
			},
			chatModelNode(E2E_MODEL_CREDENTIAL),
			{
				id: 'civic-tool',
				name: 'Civic Weather',
				type: 'n8n-nodes-civic.civicTool',
				typeVersion: 1,
				position: [400, 200],
				credentials: { civicApi: E2E_CREDENTIAL },
				parameters: {
					descriptionType: 'manual',
					toolDescription: 'Gets the current weather for a city',
					operation: 'runTool',
					tool: { __rl: true, mode: 'name', value: tool },
					inputMode: 'json',
					jsonArguments,
					options: {},
				},
			},
		],
		connections: {
			Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
			'Civic Weather': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
	};
}

/** Civic node parameters acting as each item's end user, the token taken from `userToken`. */
export function asEachUser(tool: string, jsonArguments: string, userToken: string, extra: object = {}) {
	return { authentication: 'civicAppApi', userToken, userTokenType: 'idToken', ...runTool(tool, jsonArguments), ...extra };
}

/**
 * A production webhook whose body carries `{ tokens: [...] }`: one item per user token, each
 * run by the Civic node as its user; it answers with every item the node gave.
 */
export function usersWebhookWorkflow(path: string, credential: { id: string; name: string }, civicParameters: object) {
	const workflow = webhookWorkflowWith(path, [
		splitOut('Users', 'body.tokens', 200, { destinationFieldName: 'token' }),
		civic('Civic', civicParameters, { credentials: { civicAppApi: credential }, onError: 'continueRegularOutput' }),
	]);
	const [hook] = workflow.nodes as Array<{ parameters: Record<string, unknown> }>;
	hook.parameters.responseData = 'allEntries';
	return workflow;
}

/** A production webhook starting an AI Agent 3 whose Civic Toolkit acts as the user named in the body. */
export function userAgentWebhookWorkflow(path: string, credential: { id: string; name: string }, modelCredential: { id: string; name: string }) {
	const agent = toolkitAgentWorkflow('unused', 3, { authentication: 'civicAppApi', userToken: '={{ $json.body.userToken }}' });
	const [, agentNode, model, toolkit] = agent.nodes as Array<Record<string, unknown>>;
	const hook = webhookWorkflowWith(path, []).nodes[0] as Record<string, unknown>;
	return {
		name: `e2e webhook ${path}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			hook,
			{ ...agentNode, parameters: { promptType: 'define', text: '={{ $json.body.question }}', options: {} } },
			{ ...model, credentials: { openAiApi: modelCredential } },
			{ ...toolkit, credentials: { civicAppApi: credential } },
		],
		connections: {
			Webhook: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'Chat Model': agent.connections['Chat Model'],
			'Civic Toolkit': agent.connections['Civic Toolkit'],
		},
	};
}

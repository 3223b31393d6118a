/**
 * The bench's agent section: one AI Agent turn in which the model calls three tools, with
 * the Civic Toolkit or n8n's own MCP Client Tool under the agent, in the same `n8n start`,
 * on a hub 50 ms away. Turns come in through production webhooks and alternate.
 */
import type { CivicHub } from '../hub/server';
import { FakeChatModel } from '../e2e/fakeChatModel';
import type { N8nInstance } from '../e2e/n8nInstance';
import { chatModelNode, webhookWorkflowWith } from '../e2e/workflows';
import { median } from './contenders';

type Say = (line: string) => void;
const PLAN = [
	{ tool: 'demo-get_weather_structured', args: { city: 'Paris' } },
	{ tool: 'demo-echo_text', args: { name: 'Ada' } },
	{ tool: 'demo-get_contact_json', args: { id: 'c-1' } },
];
const TURNS = 10;

export interface AgentContenders {
	civicCredentialId: string;
	bearerCredentialId: string;
	endpoint: URL;
}

export async function agentTurnSection(say: Say, n8n: N8nInstance, hub: CivicHub, version: string, ids: AgentContenders): Promise<void> {
	const model = await FakeChatModel.start({});
	model.plan = PLAN;
	try {
		const modelCredential = await n8n.rest<{ id: string }>('POST', '/credentials', {
			name: 'Stand-in model (bench)',
			type: 'openAiApi',
			data: { apiKey: 'sk-local-bench', url: model.url },
		});
		const tools: Record<string, object> = {
			'Civic Toolkit': {
				type: 'n8n-nodes-civic.civicToolkit',
				parameters: { include: 'all', options: {} },
				credentials: { civicApi: { id: ids.civicCredentialId, name: 'Civic (bench)' } },
			},
			"n8n's MCP Client Tool": {
				type: '@n8n/n8n-nodes-langchain.mcpClientTool',
				typeVersion: 1.2,
				parameters: { endpointUrl: ids.endpoint.toString(), serverTransport: 'httpStreamable', authentication: 'bearerAuth', include: 'all', options: {} },
				credentials: { httpBearerAuth: { id: ids.bearerCredentialId, name: 'Bearer (bench)' } },
			},
		};
		const paths: Record<string, string> = {};
		for (const [label, tool] of Object.entries(tools)) {
			const path = `agent-${Object.keys(paths).length}`;
			paths[label] = path;
			const workflow = webhookWorkflowWith(path, [
				{
					id: 'agent',
					name: 'AI Agent',
					type: '@n8n/n8n-nodes-langchain.agent',
					typeVersion: 3,
					position: [300, 0],
					parameters: { promptType: 'define', text: 'Weather, a greeting and a contact, please', options: {} },
				},
			]);
			const subNodes = [
				chatModelNode({ id: modelCredential.id, name: 'Stand-in model (bench)' }),
				{ id: 'tools', name: 'Tools', typeVersion: 1, position: [400, 200], ...tool },
			];
			const created = await n8n.rest<{ id: string; versionId: string }>('POST', '/workflows', {
				...workflow,
				nodes: [...workflow.nodes, ...subNodes],
				connections: {
					...workflow.connections,
					'Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
					Tools: { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
				},
			});
			await n8n.rest('POST', `/workflows/${created.id}/activate`, { versionId: created.versionId });
		}

		const turn = async (path: string) => {
			const calls = () => PLAN.reduce((sum, call) => sum + hub.toolCalls(call.tool), 0);
			const before = { requests: hub.stats.httpRequests, calls: calls() };
			const started = process.hrtime.bigint();
			const reply = await n8n.webhook(path, {});
			const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
			const made = calls() - before.calls;
			if (reply.status !== 200 || !reply.body.includes('Hello, Ada!') || made !== PLAN.length) {
				throw new Error(`bench agent turn ${path} failed (${reply.status}, ${made}/${PLAN.length} calls): ${reply.body.slice(0, 300)}`);
			}
			return { wallMs, requestsPerCall: (hub.stats.httpRequests - before.requests) / PLAN.length };
		};
		hub.latencyMs = 50;
		const deadline = Date.now() + 60_000;
		for (const path of Object.values(paths)) {
			while ((await n8n.webhook(path, {})).status === 404 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 300));
			await turn(path); // warm-up: sessions, connections, JIT
		}
		const runs: Record<string, { wallMs: number[]; requestsPerCall: number[] }> = {};
		for (let rep = 0; rep < TURNS; rep++) {
			for (const [label, path] of Object.entries(paths)) {
				const run = await turn(path);
				runs[label] ??= { wallMs: [], requestsPerCall: [] };
				runs[label].wallMs.push(run.wallMs);
				runs[label].requestsPerCall.push(run.requestsPerCall);
			}
		}
		say(`## Real n8n ${version}: an AI Agent (3) turn with three tool calls, hub 50 ms away (${TURNS} warm turns each, alternating, medians)`);
		say('| tools under the agent | hub requests per tool call | turn latency |');
		say('| --- | ---: | ---: |');
		for (const [label, run] of Object.entries(runs)) {
			say(`| ${label} | ${median(run.requestsPerCall).toFixed(2)} | ${median(run.wallMs).toFixed(0)} ms |`);
		}
		const civic = runs['Civic Toolkit'];
		const mcp = runs["n8n's MCP Client Tool"];
		say(
			`| **Civic / MCP Client Tool** | **${median(civic.requestsPerCall).toFixed(2)}** (target 1) | ` +
				`**${(median(civic.wallMs) / median(mcp.wallMs)).toFixed(2)}** (target ≤ 0.6) |`,
		);
		say('');
	} finally {
		hub.latencyMs = 0;
		await model.stop();
	}
}

/** Webhook workflows the real-n8n bench sections activate and call. */
import { readCredentials } from '../../nodes/shared/credentials/civicApiCredential';
import { buildHubUrl } from '../../nodes/shared/transport/hubUrl';
import { credentialsFor } from '../harness/hub';
import type { CivicHub } from '../hub/server';
import type { N8nInstance } from '../e2e/n8nInstance';
import { splitOut, webhookWorkflowWith } from '../e2e/workflows';

export type Contender = 'civic' | 'mcpClient';
export const CONTENDER_LABEL: Record<Contender, string> = { mcpClient: "n8n's MCP Client node", civic: 'Civic node' };
const ARGUMENTS = '={{ JSON.stringify({ name: String($json.n) }) }}';

/**
 * The two contenders in an n8n: a Civic API credential and a bearer credential with the
 * same token, and the node each runs `demo-echo_text` with. n8n's MCP Client gets the very
 * URL the Civic node builds from the same credential.
 */
export async function benchContenders(n8n: N8nInstance, hub: CivicHub) {
	const token = hub.tokens.valid();
	const civicData = credentialsFor(hub, { apiToken: token });
	const civic = await n8n.rest<{ id: string }>('POST', '/credentials', { name: 'Civic (bench)', type: 'civicApi', data: civicData });
	const bearer = await n8n.rest<{ id: string }>('POST', '/credentials', { name: 'Bearer (bench)', type: 'httpBearerAuth', data: { token } });
	const endpoint = buildHubUrl(readCredentials(civicData));
	const nodes = (parallelism: number): Record<Contender, object> => ({
		civic: {
			type: 'n8n-nodes-civic.civic',
			parameters: {
				operation: 'runTool',
				tool: { __rl: true, mode: 'name', value: 'demo-echo_text' },
				inputMode: 'json',
				jsonArguments: ARGUMENTS,
				options: parallelism > 1 ? { parallelism } : {},
			},
			credentials: { civicApi: { id: civic.id, name: 'Civic (bench)' } },
		},
		mcpClient: {
			type: '@n8n/n8n-nodes-langchain.mcpClient',
			parameters: {
				serverTransport: 'httpStreamable',
				endpointUrl: endpoint.toString(),
				authentication: 'bearerAuth',
				tool: { __rl: true, mode: 'id', value: 'demo-echo_text' },
				inputMode: 'json',
				jsonInput: ARGUMENTS,
				options: {},
			},
			credentials: { httpBearerAuth: { id: bearer.id, name: 'Bearer (bench)' } },
		},
	});
	return { nodes, ids: { civic: civic.id, bearer: bearer.id }, endpoint };
}

/** Webhook → one item per entry of the posted list → the tool node, which runs once per item. */
export function itemsWebhookWorkflow(path: string, node: object) {
	return webhookWorkflowWith(path, [splitOut('Items', 'body.items', 200), { id: 'tool', name: 'Tool', typeVersion: 1, position: [400, 0], ...node }]);
}

/** Activates `workflow`, probing its webhook with an empty list so that no tool runs. */
export async function activateWebhook(n8n: N8nInstance, path: string, workflow: object): Promise<void> {
	await n8n.activateWebhook(path, workflow, { items: [] });
}

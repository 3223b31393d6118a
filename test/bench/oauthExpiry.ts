/**
 * The bench's OAuth section: webhook executions that span several access-token expiries.
 * The Civic node with a Civic OAuth2 credential, beside what n8n offers for any OAuth2 API:
 * an HTTP Request node with a generic OAuth2 credential (the same Civic Auth client), which
 * renews only when the hub has answered 401. The HTTP Request node sends the one request it
 * can make to the hub on its own (an MCP initialize); the Civic node runs a tool on its kept
 * session. Counted at the local hub and the local Civic Auth.
 */
import { oauthCredentialsFor } from '../harness/hub';
import type { CivicHub } from '../hub/server';
import type { N8nInstance } from '../e2e/n8nInstance';
import { localOAuthCredential, oauthWebhookWorkflow, webhookWorkflowWith } from '../e2e/workflows';
import { buildHubUrl } from '../../nodes/shared/transport/hubUrl';
import { readCredentials } from '../../nodes/shared/credentials/civicApiCredential';

type Say = (line: string) => void;
const TOKEN_SECONDS = 5;
const EXECUTIONS = 24;
const APART_MS = 500;

const INITIALIZE = JSON.stringify({
	jsonrpc: '2.0',
	id: 1,
	method: 'initialize',
	params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'http-request-node', version: '1' } },
});

export async function oauthExpirySection(say: Say, n8n: N8nInstance, hub: CivicHub, version: string): Promise<void> {
	const signIn = hub.auth.signIn;
	signIn.accessTokenSeconds = TOKEN_SECONDS;
	try {
		const fields = localOAuthCredential(hub);
		const civic = await n8n.rest<{ id: string; name: string }>('POST', '/credentials', {
			name: 'Civic OAuth (bench)',
			type: 'civicOAuth2Api',
			data: { ...fields, oauthTokenData: signIn.connect('bench-civic') },
		});
		// n8n's own OAuth2 credential, given what the Civic OAuth2 one resolves to: the same client and sign-in
		const { grantType, authUrl, accessTokenUrl, clientId, scope, authQueryParameters, authentication, oauthTokenData } = oauthCredentialsFor(hub, 'bench-generic');
		const generic = await n8n.rest<{ id: string; name: string }>('POST', '/credentials', {
			name: 'Generic OAuth2 (bench)',
			type: 'oAuth2Api',
			data: { grantType, authUrl, accessTokenUrl, clientId, scope, authQueryParameters, authentication, oauthTokenData },
		});
		const endpoint = buildHubUrl(readCredentials({ accountId: fields.accountId, profile: fields.profile, apiToken: 'unused', hubUrl: fields.hubUrl }));
		const httpRequest = {
			id: 'http',
			name: 'HTTP Request',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [300, 0],
			parameters: {
				method: 'POST',
				url: endpoint.toString(),
				authentication: 'genericCredentialType',
				genericAuthType: 'oAuth2Api',
				sendHeaders: true,
				headerParameters: { parameters: [{ name: 'accept', value: 'application/json, text/event-stream' }] },
				sendBody: true,
				specifyBody: 'json',
				jsonBody: INITIALIZE,
				options: { response: { response: { responseFormat: 'text' } } },
			},
			credentials: { oAuth2Api: generic },
		};
		const paths = { civic: 'oauth-bench-civic', generic: 'oauth-bench-generic' };
		await n8n.activateWebhook(paths.civic, oauthWebhookWorkflow(paths.civic, 'demo-echo_text', '{"name": "bench"}', civic), {});
		await n8n.activateWebhook(paths.generic, webhookWorkflowWith(paths.generic, [httpRequest]), {});
		await hub.quiet();

		const measure = async (path: string, user: string, answered: RegExp) => {
			const before = { requests: hub.stats.httpRequests, refused: sum(hub.stats.unauthorized), renewals: signIn.stats.refreshes[user] ?? 0 };
			for (let n = 0; n < EXECUTIONS; n++) {
				const reply = await n8n.webhook(path, {});
				if (reply.status !== 200 || !answered.test(reply.body)) throw new Error(`OAuth bench ${path} failed (${reply.status}): ${reply.body.slice(0, 300)}`);
				await new Promise((resolve) => setTimeout(resolve, APART_MS));
			}
			return {
				requests: hub.stats.httpRequests - before.requests,
				refused: sum(hub.stats.unauthorized) - before.refused,
				renewals: (signIn.stats.refreshes[user] ?? 0) - before.renewals,
			};
		};
		const civicRun = await measure(paths.civic, 'bench-civic', /Hello, bench!/);
		const genericRun = await measure(paths.generic, 'bench-generic', /protocolVersion/);

		say(
			`## Real n8n ${version}: ${EXECUTIONS} webhook executions ${APART_MS} ms apart, one hub request's work each, access tokens living ${TOKEN_SECONDS} s ` +
				'(whole seconds: a token lives 4 to 5 s; Civic Auth on loopback)',
		);
		say('| path | hub requests | of which refused (401) | renewals at Civic Auth | hub requests per execution | refused hub requests per renewal |');
		say('| --- | ---: | ---: | ---: | ---: | ---: |');
		const perRenewal = (run: typeof civicRun) => (run.refused / Math.max(run.renewals, 1)).toFixed(2);
		const row = (label: string, run: typeof civicRun, target = '') =>
			say(`| ${label} | ${run.requests} | ${run.refused} | ${run.renewals} | ${(run.requests / EXECUTIONS).toFixed(2)} | ${perRenewal(run)}${target} |`);
		row('HTTP Request node, generic OAuth2 credential (renews after a 401; baseline)', genericRun);
		row('**Civic node, Civic OAuth2 credential** (renews ahead of the expiry, kept session)', civicRun, ' (target 0)');
		say('');
	} finally {
		signIn.accessTokenSeconds = 3600;
	}
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** The contenders the benchmarks and the profiler run: a local hub process, the bare SDK floor, the node. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { INodeExecutionData } from 'n8n-workflow';
import { readCredentials } from '../../nodes/shared/credentials/civicApiCredential';
import { buildHubUrl } from '../../nodes/shared/transport/hubUrl';
import { runNode } from '../harness/n8n';

export const ROOT = join(__dirname, '..', '..');
export const REPS = Number(process.env.BENCH_REPS ?? 5);

export interface HubProcess {
	hubUrl: string;
	/** Civic Auth's token endpoint of the same hub, for Civic App users. */
	tokenUrl: string;
	accountId: string;
	profile: string;
	token: string;
	child: ChildProcess;
}

export async function startHub(latencyMs: number): Promise<HubProcess> {
	const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'test/hub/cli.ts')], {
		cwd: ROOT,
		env: { ...process.env, CIVIC_HUB_LATENCY_MS: String(latencyMs), CIVIC_HUB_DEV_TOKENS: 'true' },
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const firstLine = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
	return { ...JSON.parse(firstLine), child };
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export interface Timing {
	/** Wall-clock time. */
	ms: number;
	/** CPU time of this process (user + system): the client's cost, as the hub runs elsewhere. */
	cpuMs: number;
}

export async function timeOnce(run: () => Promise<unknown>): Promise<Timing> {
	const cpu = process.cpuUsage();
	const started = process.hrtime.bigint();
	await run();
	const used = process.cpuUsage(cpu);
	return { ms: Number(process.hrtime.bigint() - started) / 1e6, cpuMs: (used.user + used.system) / 1000 };
}

/** Median wall and CPU times of several contenders, their repetitions interleaved so drift hits all alike. */
export async function timeInterleaved(reps: number, runs: Array<() => Promise<unknown>>): Promise<Timing[]> {
	const times: Timing[][] = runs.map(() => []);
	for (let rep = 0; rep < reps; rep++) {
		for (const [i, run] of runs.entries()) times[i].push(await timeOnce(run));
	}
	return times.map((t) => ({ ms: median(t.map((x) => x.ms)), cpuMs: median(t.map((x) => x.cpuMs)) }));
}

export const credentials = (hub: HubProcess) => ({ accountId: hub.accountId, profile: hub.profile, apiToken: hub.token, hubUrl: hub.hubUrl });

/** The hub URL with the credential's parameters, built as the node builds it. */
const endpointOf = (hub: HubProcess) => buildHubUrl(readCredentials(credentials(hub)));

/** The floor: a bare SDK client making the same calls on one session. */
export async function bareClient(hub: HubProcess, calls: number, parallelism = 1): Promise<unknown[]> {
	const url = endpointOf(hub);
	const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${hub.token}` } } });
	const client = new Client({ name: 'bench-floor', version: '1' });
	await client.connect(transport);
	const results: unknown[] = new Array(calls);
	let next = 0;
	const worker = async () => {
		while (next < calls) {
			const i = next++;
			results[i] = await client.callTool({ name: 'demo-echo_text', arguments: { name: 'bench' } });
		}
	};
	await Promise.all(Array.from({ length: parallelism }, worker));
	await transport.terminateSession();
	await client.close();
	return results;
}

/**
 * The second floor: the same calls as raw HTTP POSTs on a kept-alive connection, each reply
 * read to its end and parsed, without any MCP client. What a call costs at the least.
 */
export async function rawHttp(hub: HubProcess, calls: number): Promise<unknown[]> {
	const url = endpointOf(hub);
	const agent = new http.Agent({ keepAlive: true });
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		accept: 'application/json, text/event-stream',
		authorization: `Bearer ${hub.token}`,
	};
	const post = (message: object) =>
		new Promise<{ session?: string; body: string }>((resolve, reject) => {
			const req = http.request(url, { method: 'POST', agent, headers }, (res) => {
				let body = '';
				res.setEncoding('utf8');
				res.on('data', (chunk) => (body += chunk));
				res.on('end', () => resolve({ session: res.headers['mcp-session-id'] as string | undefined, body }));
			});
			req.on('error', reject);
			req.end(JSON.stringify(message));
		});
	const init = await post({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench-raw', version: '1' } } });
	headers['mcp-session-id'] = init.session!;
	headers['mcp-protocol-version'] = '2025-06-18';
	await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
	const results: unknown[] = new Array(calls);
	for (let i = 0; i < calls; i++) {
		const { body } = await post({ jsonrpc: '2.0', id: i + 1, method: 'tools/call', params: { name: 'demo-echo_text', arguments: { name: 'bench' } } });
		results[i] = JSON.parse(body.slice(body.indexOf('data: ') + 6).trim());
	}
	agent.destroy();
	return results;
}

export async function nodeRun(hub: HubProcess, items: number, parallelism = 1): Promise<INodeExecutionData[]> {
	const result = await runNode({
		credentials: credentials(hub),
		items: Array.from({ length: items }, () => ({ json: { name: 'bench' } })),
		parameters: {
			operation: 'runTool',
			tool: { __rl: true, mode: 'name', value: 'demo-echo_text' },
			inputMode: 'json',
			// the same call as the floor's: no per-item expression, which would measure n8n's engine
			jsonArguments: '{"name": "bench"}',
			options: { parallelism },
		},
	});
	if (result.error || result.items.length !== items) throw new Error(`bench run failed: ${result.error?.message}`);
	return result.items;
}


/** The contenders the benchmarks and the profiler run: a local hub process, the bare SDK floor, the node. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { INodeExecutionData } from 'n8n-workflow';
import { runNode } from '../harness/n8n';

export const ROOT = join(__dirname, '..', '..');
export const REPS = Number(process.env.BENCH_REPS ?? 5);

export interface HubProcess {
	hubUrl: string;
	accountId: string;
	profile: string;
	token: string;
	child: ChildProcess;
}

export async function startHub(latencyMs: number): Promise<HubProcess> {
	const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'test/hub/cli.ts')], {
		cwd: ROOT,
		env: { ...process.env, CIVIC_HUB_LATENCY_MS: String(latencyMs) },
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const firstLine = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
	return { ...JSON.parse(firstLine), child };
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function timeOnce(run: () => Promise<unknown>): Promise<number> {
	const started = process.hrtime.bigint();
	await run();
	return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Median times of several contenders, their repetitions interleaved so drift hits all alike. */
export async function timeInterleaved(reps: number, runs: Array<() => Promise<unknown>>): Promise<number[]> {
	const times: number[][] = runs.map(() => []);
	for (let rep = 0; rep < reps; rep++) {
		for (const [i, run] of runs.entries()) times[i].push(await timeOnce(run));
	}
	return times.map(median);
}

export const credentials = (hub: HubProcess) => ({ accountId: hub.accountId, profile: hub.profile, apiToken: hub.token, hubUrl: hub.hubUrl });

/** The floor: a bare SDK client making the same calls on one session. */
export async function bareClient(hub: HubProcess, calls: number, parallelism = 1): Promise<unknown[]> {
	const url = new URL(hub.hubUrl);
	url.searchParams.set('accountId', hub.accountId);
	url.searchParams.set('profile', hub.profile);
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


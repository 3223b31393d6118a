/**
 * What a long-running n8n keeps: the heap after GC, before and after 10,000 executions, in one
 * process. Each execution of distinct Civic App users brings a new user, exchanged token,
 * session and tool list; re-listings of one user bring new copies of the same schemas. What
 * the node keeps of them is bounded, so the heap must end where a run that keeps nothing new
 * (one Civic API credential) ends.
 */
import type { INodeParameters } from 'n8n-workflow';
import { runNode } from '../harness/n8n';
import { DEMO_APP } from '../hub/civicAuth';
import { APP_PROFILE } from '../hub/directory';
import { credentials, startHub, type HubProcess } from './contenders';

const EXECUTIONS = Number(process.env.BENCH_LONG_RUN ?? 10_000);
const call = (tool: string): INodeParameters => ({ operation: 'runTool', tool: { __rl: true, mode: 'name', value: tool }, inputMode: 'json', jsonArguments: '{}' });

function heapAfterGcMb(): number {
	(global as { gc?: () => void }).gc?.();
	(global as { gc?: () => void }).gc?.();
	return process.memoryUsage().heapUsed / 2 ** 20;
}

async function userTokens(hub: HubProcess, count: number): Promise<string[]> {
	const origin = new URL(hub.hubUrl).origin;
	const tokens: string[] = [];
	for (let i = 0; i < count; i += 50) {
		const batch = Array.from({ length: Math.min(50, count - i) }, (_, j) => fetch(`${origin}/dev/user-token?user=bench-user-${i + j}`).then((r) => r.text()));
		tokens.push(...(await Promise.all(batch)));
	}
	return tokens;
}

/** Heap growth after GC across `count` executions made by `execute(i)`. */
async function growth(count: number, execute: (i: number) => Promise<void>): Promise<number> {
	await execute(-1);
	const before = heapAfterGcMb();
	for (let i = 0; i < count; i++) await execute(i);
	return heapAfterGcMb() - before;
}

export async function longRunMemorySection(say: (line: string) => void, hub: HubProcess): Promise<void> {
	const app = { clientId: DEMO_APP.clientId, clientSecret: DEMO_APP.clientSecret, tokenUrl: hub.tokenUrl, hubUrl: new URL(hub.hubUrl).origin + new URL(hub.hubUrl).pathname, profileId: APP_PROFILE.id };
	const ok = (result: Awaited<ReturnType<typeof runNode>>) => {
		if (result.error) throw new Error(`bench run failed: ${result.error.message}`);
	};
	const oneCredential = await growth(EXECUTIONS, async () => ok(await runNode({ credentials: credentials(hub), parameters: call('demo-echo_text') })));
	const tokens = await userTokens(hub, EXECUTIONS + 1);
	const asUser = { ...call('demo-who_am_i'), authentication: 'civicAppApi', userToken: '={{ $json.token }}' };
	const appUsers = await growth(EXECUTIONS, async (i) =>
		ok(await runNode({ credentials: app, parameters: asUser, items: [{ json: { token: tokens[i + 1] } }] })),
	);
	process.env.CIVIC_TOOL_LIST_SECONDS = '0';
	const relistings = await growth(EXECUTIONS, async () =>
		ok(await runNode({ credentials: app, parameters: asUser, items: [{ json: { token: tokens[0] } }] })),
	);
	delete process.env.CIVIC_TOOL_LIST_SECONDS;
	say(`## A long-running n8n: heap after GC, ${EXECUTIONS} executions in one process`);
	say('| executions | heap growth (MB) |');
	say('| --- | ---: |');
	say(`| one Civic API credential: nothing new to keep (baseline) | ${oneCredential.toFixed(1)} |`);
	say(`| each as a distinct Civic App user (new exchange, session, tool list) | ${appUsers.toFixed(1)} |`);
	say(`| one Civic App user, the tools listed afresh each time (new schemas to check) | ${relistings.toFixed(1)} |`);
	say(`| **distinct users − baseline** | **${(appUsers - oneCredential).toFixed(1)}** (target: a few MB) |`);
	say('');
}

if (require.main === module) {
	void (async () => {
		const hub = await startHub(0);
		try {
			await longRunMemorySection(console.log, hub);
		} finally {
			hub.child.kill();
		}
		process.exit(0);
	})();
}

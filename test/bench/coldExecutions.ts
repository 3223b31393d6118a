/**
 * The bench's cold section: a second `n8n start` whose sessions end one second after use
 * (CIVIC_SESSION_IDLE_SECONDS=1), so that every execution, 2.5 s after the last, starts
 * cold, as a schedule that runs less often than sessions are kept does. Civic beside n8n's
 * MCP Client node on a hub 50 ms away, alternating, medians.
 */
import { rmSync } from 'node:fs';
import type { CivicHub } from '../hub/server';
import { N8nInstance, packPackage, type N8nInstall } from '../e2e/n8nInstance';
import { median } from './contenders';
import { coldParallelSection } from './coldParallel';
import { activateWebhook, benchContenders, CONTENDER_LABEL, itemsWebhookWorkflow, type Contender } from './webhooks';

type Say = (line: string) => void;
const RUNS = 10;
const APART_MS = 2_500;

export async function coldExecutionsSection(say: Say, install: N8nInstall, hub: CivicHub, version: string): Promise<void> {
	const n8n = new N8nInstance(install, { CIVIC_SESSION_IDLE_SECONDS: '1' });
	try {
		n8n.installPackage(process.env.BENCH_PACKAGE ?? packPackage());
		await n8n.start();
		await n8n.setupOwner();
		const { nodes } = await benchContenders(n8n, hub);
		const contenders: Contender[] = ['mcpClient', 'civic'];
		for (const contender of contenders) {
			await activateWebhook(n8n, `cold-${contender}`, itemsWebhookWorkflow(`cold-${contender}`, nodes(1)[contender]));
		}
		hub.latencyMs = 50;
		const runs: Record<Contender, { wallMs: number[]; requests: number[] }> = { civic: { wallMs: [], requests: [] }, mcpClient: { wallMs: [], requests: [] } };
		for (let rep = 0; rep <= RUNS; rep++) {
			for (const contender of contenders) {
				await new Promise((resolve) => setTimeout(resolve, APART_MS));
				const before = hub.stats.httpRequests;
				const started = process.hrtime.bigint();
				const reply = await n8n.webhook(`cold-${contender}`, { items: [{ n: 0 }] });
				const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
				if (reply.status !== 200 || !reply.body.includes('Hello, 0!')) throw new Error(`cold bench ${contender} failed: ${reply.body.slice(0, 300)}`);
				// the first round fills the Civic tool list kept beyond sessions; it is not a cold execution of a running n8n
				if (rep === 0) continue;
				runs[contender].wallMs.push(wallMs);
				// a Civic session ends (DELETE) a second after its execution, before the next one is timed
				runs[contender].requests.push(hub.stats.httpRequests - before);
			}
		}
		say(`## Real n8n ${version}: cold executions, one tool call each, hub 50 ms away (sessions end 1 s after use; ${RUNS} executions each, ${APART_MS / 1000} s apart, medians)`);
		say('| path | hub requests per execution | latency |');
		say('| --- | ---: | ---: |');
		say('| floor: initialize + the call | 2 | 100 ms |');
		for (const contender of contenders) {
			say(`| ${CONTENDER_LABEL[contender]} | ${median(runs[contender].requests).toFixed(0)} | ${median(runs[contender].wallMs).toFixed(0)} ms |`);
		}
		const ratio = median(runs.civic.wallMs) / median(runs.mcpClient.wallMs);
		say(`| **Civic / MCP Client** | **${median(runs.civic.requests).toFixed(0)}** (target ≤ 3) | **${ratio.toFixed(2)}** (target ≤ 0.8) |`);
		say('');
		await coldParallelSection(say, n8n, hub, (parallelism) => nodes(parallelism).civic, version);
	} finally {
		hub.latencyMs = 0;
		await n8n.stop();
		rmSync(n8n.home, { recursive: true, force: true });
	}
}

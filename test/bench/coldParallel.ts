/**
 * Parallel Calls when every execution starts cold: 100 items of a tool on a hub answering
 * in 20 ms, one at a time and 16 at a time. Once through webhooks of an `n8n start` whose
 * sessions end a second after use (the tool list is kept, as for a schedule or a manual
 * "Execute workflow" in a running n8n), once through `n8n execute`, a fresh process each
 * run that keeps nothing, timed by n8n's own executionTime of the node.
 */
import type { CivicHub } from '../hub/server';
import type { N8nInstance } from '../e2e/n8nInstance';
import { median } from './contenders';
import { chain, itemsNode, splitOut } from '../e2e/workflows';
import { activateWebhook, itemsWebhookWorkflow } from './webhooks';

type Say = (line: string) => void;
const ITEMS = 100;
const REPS = 5;
const APART_MS = 2_500;
const LEVELS = [1, 16] as const;

/** `civicNode(parallelism)`: the Civic node of the bench's workflows at that Parallel Calls. */
export async function coldParallelSection(say: Say, n8n: N8nInstance, hub: CivicHub, civicNode: (parallelism: number) => object, version: string) {
	const items = Array.from({ length: ITEMS }, (_, n) => ({ n }));
	for (const level of LEVELS) await activateWebhook(n8n, `cold-p${level}`, itemsWebhookWorkflow(`cold-p${level}`, civicNode(level)));
	hub.latencyMs = 20;
	const webhookMs: Record<number, number[]> = { 1: [], 16: [] };
	for (let rep = 0; rep <= REPS; rep++) {
		for (const level of LEVELS) {
			await new Promise((resolve) => setTimeout(resolve, APART_MS));
			const started = process.hrtime.bigint();
			const reply = await n8n.webhook(`cold-p${level}`, { items });
			if (reply.status !== 200 || !reply.body.includes('Hello, 0!')) throw new Error(`cold parallel bench failed: ${reply.body.slice(0, 300)}`);
			// the first round fills the tool list kept beyond sessions
			if (rep > 0) webhookMs[level].push(Number(process.hrtime.bigint() - started) / 1e6);
		}
	}

	// n8n execute shares a port with n8n start: the CLI runs once the server has stopped
	await n8n.stop();
	const workflows = LEVELS.map((level) => cliWorkflow(`ColdCliParallel${String(level).padStart(2, '0')}`, civicNode(level)));
	await n8n.importJson('workflow', workflows);
	const cliMs: Record<number, number[]> = { 1: [], 16: [] };
	for (let rep = 0; rep < REPS; rep++) {
		for (const [i, level] of LEVELS.entries()) {
			const { runData, output } = await n8n.execute(workflows[i].id);
			const run = runData?.data?.resultData.runData.Tool?.[0] as { executionTime?: number; data?: { main: unknown[][] } } | undefined;
			if (run?.executionTime === undefined || run.data?.main[0]?.length !== ITEMS) throw new Error(`cold CLI bench failed: ${output.slice(-500)}`);
			cliMs[level].push(run.executionTime);
		}
	}
	hub.latencyMs = 0;

	say(`## Real n8n ${version}: ${ITEMS} items, every execution cold, hub answering in 20 ms (medians of ${REPS})`);
	say('| how the execution starts | Parallel Calls 1 | Parallel Calls 16 | speed-up |');
	say('| --- | ---: | ---: | ---: |');
	const row = (label: string, ms: Record<number, number[]>, target: string) => {
		const [one, sixteen] = [median(ms[1]), median(ms[16])];
		say(`| ${label} | ${one.toFixed(0)} ms | ${sixteen.toFixed(0)} ms | **${(one / sixteen).toFixed(2)}×** ${target} |`);
	};
	row('webhook of a running n8n, its session ended (the tool list kept)', webhookMs, '(target ≥ 10×)');
	row('`n8n execute`: a new process, nothing kept (the node\'s executionTime)', cliMs, '(target ≥ 10×)');
	say('');
}

/** Manual trigger → 100 items (a Set node's expression, no Code node: n8n 2.x would need its task runner) → the Civic node. */
function cliWorkflow(id: string, civicNode: object) {
	const nodes = [
		{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		itemsNode('Make Items', `={{ { items: Array.from({ length: ${ITEMS} }, (_, n) => ({ n })) } }}`, 200),
		splitOut('Items', 'items', 400),
		{ id: 'tool', name: 'Tool', typeVersion: 1, position: [600, 0], ...civicNode },
	];
	return { id, name: `bench ${id}`, active: false, settings: { executionOrder: 'v1' }, nodes, connections: chain(...nodes.map((n) => n.name)) };
}

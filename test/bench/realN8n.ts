/**
 * The bench's real-n8n section: the packed package in a running `n8n start` (the e2e
 * install), next to n8n's own MCP Client node calling the same tool on the same hub.
 * Executions come in through production webhooks, as they do for users; runs alternate
 * between the two nodes and the figures are medians.
 */
import { readFileSync } from 'node:fs';
import { CivicHub } from '../hub/server';
import { E2E_MATRIX, installN8n, N8nInstance, packPackage } from '../e2e/n8nInstance';
import { agentTurnSection } from './agentTurn';
import { median } from './contenders';
import { coldExecutionsSection } from './coldExecutions';
import { oauthExpirySection } from './oauthExpiry';
import { CONTENDER_LABEL as LABEL, type Contender } from './webhooks';
import { activateWebhook, benchContenders, itemsWebhookWorkflow } from './webhooks';

type Say = (line: string) => void;
const CONTENDERS: Contender[] = ['mcpClient', 'civic'];

/** CPU time (user + system) of a process so far, in ms, from /proc. */
function cpuMs(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	// utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second on Linux)
	return (Number(fields[11]) + Number(fields[12])) * 10;
}

export async function realN8nSection(say: Say, reps: number): Promise<void> {
	const { version, nodeMajor } = E2E_MATRIX[0];
	const n8n = new N8nInstance(installN8n(version, nodeMajor));
	const hub = await CivicHub.start();
	try {
		// BENCH_PACKAGE=<tarball> measures another build, e.g. an earlier commit's `npm pack`
		n8n.installPackage(process.env.BENCH_PACKAGE ?? packPackage());
		await n8n.start();
		await n8n.setupOwner();
		const pid = n8n.pid!;
		const { nodes, ids, endpoint } = await benchContenders(n8n, hub);
		const activate = (path: string, node: object) => activateWebhook(n8n, path, itemsWebhookWorkflow(path, node));
		for (const contender of CONTENDERS) {
			await activate(contender, nodes(1)[contender]);
			await activate(`${contender}-p16`, nodes(16)[contender]);
		}

		/** One execution of `items` tool calls; checks the answer, returns wall and n8n CPU time and hub requests. */
		const execute = async (path: string, items: number) => {
			const before = { cpu: cpuMs(pid), requests: hub.stats.httpRequests, calls: hub.toolCalls('demo-echo_text') };
			const hubCpu = process.cpuUsage();
			const started = process.hrtime.bigint();
			const reply = await n8n.webhook(path, { items: Array.from({ length: items }, (_, n) => ({ n })) });
			const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
			const hubUsed = process.cpuUsage(hubCpu);
			const calls = hub.toolCalls('demo-echo_text') - before.calls;
			if (reply.status !== 200 || !reply.body.includes('Hello, 0!') || calls !== items) {
				throw new Error(`bench execution of ${path} failed (${reply.status}, ${calls}/${items} calls): ${reply.body.slice(0, 300)}`);
			}
			return {
				wallMs,
				cpuMs: cpuMs(pid) - before.cpu,
				// this process is the hub (and the webhook's caller): the other side of the work
				hubCpuMs: (hubUsed.user + hubUsed.system) / 1000,
				requests: hub.stats.httpRequests - before.requests,
			};
		};

		// 1. Round trips: one tool call per execution on a hub 50 ms away
		hub.latencyMs = 50;
		const cold: Record<string, { wallMs: number; requests: number }> = {};
		for (const contender of CONTENDERS) cold[contender] = await execute(contender, 1);
		const warm: Record<string, { wallMs: number[]; requests: number[] }> = { civic: { wallMs: [], requests: [] }, mcpClient: { wallMs: [], requests: [] } };
		for (let rep = 0; rep < 10; rep++) {
			for (const contender of CONTENDERS) {
				const run = await execute(contender, 1);
				warm[contender].wallMs.push(run.wallMs);
				warm[contender].requests.push(run.requests);
			}
		}
		const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
		say(`## Real n8n ${version}: a webhook execution that runs one tool call, hub 50 ms away (10 warm executions each, alternating)`);
		say('| path | hub requests (first execution) | latency (first) | hub requests per warm execution (mean) | warm latency (median) |');
		say('| --- | ---: | ---: | ---: | ---: |');
		say('| floor: one round trip | 1 | 50 ms | 1 | 50 ms |');
		for (const contender of CONTENDERS) {
			say(
				`| ${LABEL[contender]} | ${cold[contender].requests} | ${cold[contender].wallMs.toFixed(0)} ms | ` +
					`${mean(warm[contender].requests).toFixed(2)} | ${median(warm[contender].wallMs).toFixed(0)} ms |`,
			);
		}
		const latencyRatio = median(warm.civic.wallMs) / median(warm.mcpClient.wallMs);
		say(`| **Civic / MCP Client (warm latency)** | | | **${mean(warm.civic.requests).toFixed(2)}** (target ≤ 1.5) | **${latencyRatio.toFixed(2)}** (target ≤ 0.5) |`);
		say('');

		// 2. CPU per call: a fast tool on loopback, JSON arguments from an expression
		hub.latencyMs = 0;
		say(`## Real n8n ${version}: one execution of N items of a fast tool (hub on loopback, ${reps} repetitions, medians)`);
		say('| items | MCP Client wall | Civic wall | **Civic / MCP Client** (target ≤ 0.8) | MCP Client n8n CPU | Civic n8n CPU | Civic / MCP Client (CPU) |');
		say('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
		for (const items of [300, 3000]) {
			for (const contender of CONTENDERS) await execute(contender, Math.min(items, 300)); // warm-up
			const wall: Record<string, number[]> = { civic: [], mcpClient: [] };
			const cpu: Record<string, number[]> = { civic: [], mcpClient: [] };
			for (let rep = 0; rep < reps; rep++) {
				for (const contender of CONTENDERS) {
					const run = await execute(contender, items);
					wall[contender].push(run.wallMs);
					cpu[contender].push(run.cpuMs);
				}
			}
			const [mw, cw, mc, cc] = [median(wall.mcpClient), median(wall.civic), median(cpu.mcpClient), median(cpu.civic)];
			say(
				`| ${items} | ${mw.toFixed(0)} ms | ${cw.toFixed(0)} ms | **${(cw / mw).toFixed(2)}** | ${mc.toFixed(0)} ms | ${cc.toFixed(0)} ms | ${(cc / mc).toFixed(2)} |`,
			);
		}
		say('');

		// 3. Parallel Calls on a hub answering in 20 ms
		hub.latencyMs = 20;
		const N = 100;
		const levels: Array<[string, string]> = [
			["n8n's MCP Client node (one at a time)", 'mcpClient'],
			['Civic node, Parallel Calls 1', 'civic'],
			['Civic node, Parallel Calls 16', 'civic-p16'],
		];
		const times: number[][] = levels.map(() => []);
		const hubCpu: number[][] = levels.map(() => []);
		for (const [, path] of levels) await execute(path, 32); // warm-up: JIT and 16 connections
		for (let rep = 0; rep < reps; rep++) {
			for (const [i, [, path]] of levels.entries()) {
				const run = await execute(path, N);
				times[i].push(run.wallMs);
				hubCpu[i].push(run.hubCpuMs);
			}
		}
		const medians = times.map(median);
		say(`## Real n8n ${version}: ${N} items, hub answering in 20 ms (${reps} repetitions, medians)`);
		say('| path | ms | speed-up vs Civic, 1 at a time | the local hub\'s own CPU (one thread) |');
		say('| --- | ---: | ---: | ---: |');
		levels.forEach(([label], i) => {
			const speedUp = `${(medians[1] / medians[i]).toFixed(2)}×`;
			say(`| ${label} | ${medians[i].toFixed(0)} | ${i === 2 ? `**${speedUp}** (target ≥ 10×)` : speedUp} | ${median(hubCpu[i]).toFixed(0)} ms |`);
		});
		say('');

		// 4. Cold executions: every session ended before the next execution
		await coldExecutionsSection(say, n8n.install, hub, version);

		// 5. An AI Agent turn with three tool calls, beside n8n's MCP Client Tool
		await agentTurnSection(say, n8n, hub, version, { civicCredentialId: ids.civic, bearerCredentialId: ids.bearer, endpoint });

		// 6. Access tokens that expire between executions: renewing ahead, or after a 401
		hub.latencyMs = 0;
		await oauthExpirySection(say, n8n, hub, version);
	} finally {
		await n8n.stop();
		await hub.stop();
	}
}

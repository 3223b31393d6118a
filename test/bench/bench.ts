/**
 * `npm run bench`: the Civic node's speed and memory next to baselines measured in the
 * same run. Each hub runs in its own process (as the real hub is remote), figures are
 * medians of several repetitions, and ratios compare like with like.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { bareClient, median, nodeRun, rawHttp, REPS, ROOT, startHub, timeInterleaved } from './contenders';
import { profileCpu } from './cpuProfile';
import { longRunMemorySection } from './longRunMemory';
import { realN8nSection } from './realN8n';

/** Peak heap growth during `run`, sampled every 5 ms after a GC. */
async function peakHeapGrowth(run: () => Promise<unknown>): Promise<{ peakMb: number; value: unknown }> {
	global.gc?.();
	const base = process.memoryUsage().heapUsed;
	let peak = base;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
	const value = await run();
	peak = Math.max(peak, process.memoryUsage().heapUsed);
	clearInterval(timer);
	return { peakMb: (peak - base) / 2 ** 20, value };
}

function requireTimeMs(modulePath: string): number {
	const times = Array.from({ length: REPS }, () =>
		Number(
			execFileSync(process.execPath, [
				'-e',
				`const t=process.hrtime.bigint();require(${JSON.stringify(modulePath)});console.log(Number(process.hrtime.bigint()-t)/1e6)`,
			], { cwd: ROOT }).toString(),
		),
	);
	return median(times);
}

async function main() {
	const lines: string[] = [];
	const say = (line: string) => {
		lines.push(line);
		console.log(line);
	};
	const fast = await startHub(0);
	const slow = await startHub(20);
	try {
		say(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; ${REPS} repetitions, medians.`);
		say('');
		say(
			'A local hub "answering in N ms" answers each request N ms after it came in, its own work done within that time ' +
				'(`test/hub/latency.ts`): a remote hub\'s round trip is network and upstream services, and it serves parallel ' +
				'requests side by side, where this one-threaded hub working after the wait would add its queue to every request.',
		);
		say('');

		// warm every path (JIT, sockets) before measuring
		await rawHttp(fast, 100);
		await bareClient(fast, 100);
		await nodeRun(fast, 100);

		const N = 1000;
		const [raw, floor, node] = await timeInterleaved(REPS, [
			() => rawHttp(fast, N),
			() => bareClient(fast, N),
			() => nodeRun(fast, N),
		]);
		const perCall = (t: { cpuMs: number }) => ((t.cpuMs / N) * 1000).toFixed(0);
		say(`## ${N} items, fast tool (hub in its own process, without added latency)`);
		say('| path | ms | items/s | client CPU ms | client CPU per call (µs) |');
		say('| --- | ---: | ---: | ---: | ---: |');
		const row = (label: string, t: { ms: number; cpuMs: number }) =>
			say(`| ${label} | ${t.ms.toFixed(0)} | ${((N / t.ms) * 1000).toFixed(0)} | ${t.cpuMs.toFixed(0)} | ${perCall(t)} |`);
		row('raw HTTP POSTs on one kept-alive connection (second floor)', raw);
		row('bare MCP SDK client, one session (floor)', floor);
		row('Civic node execute (n8n-core WorkflowExecute)', node);
		say(`| **node / bare SDK** | **${(node.ms / floor.ms).toFixed(2)}** (target ≤ 1.05) | | **${(node.cpuMs / floor.cpuMs).toFixed(2)}** | |`);
		say(`| node / raw HTTP | ${(node.ms / raw.ms).toFixed(2)} | | ${(node.cpuMs / raw.cpuMs).toFixed(2)} | |`);
		say('');

		const profile = await profileCpu(() => nodeRun(fast, N));
		say(`## Where the client's CPU goes: Civic node, ${N} calls (V8 sampling profiler; \`npm run bench:profile\` for functions)`);
		say('| where | share of busy samples |');
		say('| --- | ---: |');
		for (const [bucket, share] of profile.buckets.filter(([, share]) => share >= 0.005)) say(`| ${bucket} | ${(share * 100).toFixed(1)} % |`);
		say('');

		// Fewer repetitions here: one sequential run alone takes 1000 × 20 ms.
		const reps = 3;
		const levels = [1, 4, 16];
		const latencyMs = (await timeInterleaved(reps, levels.map((p) => () => nodeRun(slow, N, p)))).map((t) => t.ms);
		say(`## ${N} items, hub with 20 ms latency per request (${reps} repetitions)`);
		say('| parallel calls | ms | items/s | speed-up vs 1 |');
		say('| ---: | ---: | ---: | ---: |');
		levels.forEach((p, i) => {
			const speedUp = `${(latencyMs[0] / latencyMs[i]).toFixed(2)}×`;
			say(`| ${p} | ${latencyMs[i].toFixed(0)} | ${((N / latencyMs[i]) * 1000).toFixed(0)} | ${p === 1 ? speedUp : `**${speedUp}**`}${p === 16 ? ' (target ≥ 10×)' : ''} |`);
		});
		say('');

		const K = 10_000;
		const floorMemory = await peakHeapGrowth(() => bareClient(fast, K));
		const nodeMemory = await peakHeapGrowth(() => nodeRun(fast, K));
		const dataMb = Buffer.byteLength(JSON.stringify(nodeMemory.value)) / 2 ** 20;
		say(`## Memory, ${K} items`);
		say('| measure | MB |');
		say('| --- | ---: |');
		say(`| output items serialised as JSON (the data itself) | ${dataMb.toFixed(1)} |`);
		say(`| bare SDK client keeping ${K} results: peak heap growth (baseline) | ${floorMemory.peakMb.toFixed(1)} |`);
		say(`| Civic node, ${K} input items → ${K} output items: peak heap growth | ${nodeMemory.peakMb.toFixed(1)} |`);
		say(`| **node / baseline** | **${(nodeMemory.peakMb / floorMemory.peakMb).toFixed(2)}** (target ≤ 0.8) |`);
		say('');

		await longRunMemorySection(say, fast);

		const baseRequire = requireTimeMs('n8n-workflow');
		const nodeRequire = requireTimeMs('./dist/nodes/Civic/Civic.node.js');
		say('## Cold start (fresh process, `require`)');
		say('| module | ms |');
		say('| --- | ---: |');
		say(`| n8n-workflow alone (baseline; the host has it loaded already) | ${baseRequire.toFixed(0)} |`);
		say(`| dist/nodes/Civic/Civic.node.js (includes n8n-workflow and the MCP SDK) | ${nodeRequire.toFixed(0)} |`);
		say(`| **node / baseline** | **${(nodeRequire / baseRequire).toFixed(2)}** |`);
		say('');

		// the e2e's n8n install; BENCH_REAL=false leaves it out (it installs n8n when not cached)
		if (process.env.BENCH_REAL !== 'false') await realN8nSection(say, REPS);
	} finally {
		fast.child.kill();
		slow.child.kill();
	}
	if (process.env.BENCH_WRITE !== 'false') {
		const doc = [
			'# Benchmarks',
			'',
			`Produced by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}; rerun it to refresh this file.`,
			'',
			...lines,
			'',
		].join('\n');
		writeFileSync(join(ROOT, 'BENCHMARKS.md'), doc);
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);

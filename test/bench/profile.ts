/**
 * `npm run bench:profile`: where the client's CPU goes for N items of a fast tool, with
 * the hub in its own process. Runs the node under the V8 inspector's sampling profiler and
 * prints self time grouped by where the code lives (ours, the MCP SDK, zod, n8n, Node).
 */
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { startHub, nodeRun, bareClient } from './contenders';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	hitCount?: number;
}

function bucketOf(url: string): string {
	if (!url) return '(native / GC / idle)';
	if (url.includes('/nodes/Civic/') || url.includes('/dist/nodes/')) return 'ours (nodes/Civic)';
	if (url.includes('@modelcontextprotocol/sdk')) return 'MCP SDK';
	if (url.includes('/zod/')) return 'zod (SDK message schemas)';
	if (url.includes('/ajv')) return 'ajv';
	if (url.includes('n8n-core') || url.includes('n8n-workflow') || url.includes('@n8n/')) return 'n8n-core / n8n-workflow';
	if (url.includes('eventsource-parser')) return 'eventsource-parser (SSE)';
	if (url.startsWith('node:internal/deps/undici') || url.includes('undici')) return 'undici (fetch)';
	if (url.startsWith('node:internal/webstreams')) return 'web streams';
	if (url.startsWith('node:')) return 'Node other';
	return url.replace(/^.*node_modules\//, '').split('/')[0];
}

async function main() {
	const items = Number(process.env.PROFILE_ITEMS ?? 3000);
	const which = process.env.PROFILE_WHAT ?? 'node';
	const hub = await startHub(0);
	const run = () => (which === 'floor' ? bareClient(hub, items) : nodeRun(hub, items));
	try {
		await run(); // warm-up: JIT and sockets
		const session = new Session();
		session.connect();
		await session.post('Profiler.enable');
		await session.post('Profiler.setSamplingInterval', { interval: 100 });
		await session.post('Profiler.start');
		const cpu = process.cpuUsage();
		const started = Date.now();
		await run();
		const used = process.cpuUsage(cpu);
		const wall = Date.now() - started;
		const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[] } };
		writeFileSync(`/tmp/civic-${which}.cpuprofile`, JSON.stringify(profile));
		const byBucket = new Map<string, number>();
		const byFunction = new Map<string, number>();
		let total = 0;
		for (const node of profile.nodes) {
			const hits = node.hitCount ?? 0;
			if (node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)') continue;
			total += hits;
			const bucket = bucketOf(node.callFrame.url);
			byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + hits);
			const fn = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^.*\/work\/main\//, '')}:${node.callFrame.lineNumber + 1}`;
			byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
		}
		const cpuMs = (used.user + used.system) / 1000;
		console.log(`${which}: ${items} items, wall ${wall} ms, client CPU ${cpuMs.toFixed(0)} ms (${(cpuMs / items).toFixed(3)} ms per call)`);
		console.log('\n| where | share of busy samples |\n| --- | ---: |');
		for (const [bucket, hits] of [...byBucket].sort((a, b) => b[1] - a[1])) {
			console.log(`| ${bucket} | ${((hits / total) * 100).toFixed(1)} % |`);
		}
		console.log('\nTop functions (self):');
		for (const [fn, hits] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.PROFILE_TOP ?? 25))) {
			console.log(`${((hits / total) * 100).toFixed(1).padStart(5)} %  ${fn}`);
		}
	} finally {
		hub.child.kill();
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);

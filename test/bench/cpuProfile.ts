/** The V8 sampling profiler around one run: where this process's CPU went, by module and by function. */
import { Session } from 'node:inspector/promises';

interface ProfileNode {
	callFrame: { functionName: string; url: string; lineNumber: number };
	hitCount?: number;
}

export interface CpuProfile {
	/** Share of busy samples per module group, largest first. */
	buckets: Array<[string, number]>;
	/** Share of busy samples per function (self time), largest first. */
	functions: Array<[string, number]>;
}

function bucketOf(url: string): string {
	if (!url) return '(native: sockets, GC, microtasks)';
	if (url.includes('/nodes/') || url.includes('/dist/nodes/')) return 'ours (nodes/)';
	if (url.includes('@modelcontextprotocol/sdk')) return 'MCP SDK (Client, Protocol)';
	if (url.includes('/zod/')) return 'zod (the SDK checking messages)';
	if (url.includes('/ajv')) return 'ajv (argument checks)';
	if (url.includes('n8n-core') || url.includes('n8n-workflow') || url.includes('@n8n/')) return 'n8n-core / n8n-workflow';
	if (url.includes('eventsource-parser')) return 'eventsource-parser (SDK SSE)';
	if (url.startsWith('node:internal/deps/undici') || url.includes('/undici/')) return 'undici (fetch)';
	if (url.startsWith('node:internal/webstreams')) return 'web streams';
	if (url.startsWith('node:_http') || url.startsWith('node:net') || url.startsWith('node:internal/stream') || url.startsWith('node:stream')) {
		return 'node:http and streams';
	}
	if (url.startsWith('node:')) return 'Node, other';
	return url.replace(/^.*node_modules\//, '').split('/')[0];
}

export async function profileCpu(run: () => Promise<unknown>): Promise<CpuProfile> {
	const session = new Session();
	session.connect();
	await session.post('Profiler.enable');
	await session.post('Profiler.setSamplingInterval', { interval: 100 });
	await session.post('Profiler.start');
	let profile: { nodes: ProfileNode[] };
	try {
		await run();
	} finally {
		({ profile } = (await session.post('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[] } });
		session.disconnect();
	}
	const buckets = new Map<string, number>();
	const functions = new Map<string, number>();
	let total = 0;
	for (const node of profile.nodes) {
		const hits = node.hitCount ?? 0;
		const { functionName, url, lineNumber } = node.callFrame;
		if (functionName === '(idle)' || functionName === '(program)') continue;
		total += hits;
		const bucket = bucketOf(url);
		buckets.set(bucket, (buckets.get(bucket) ?? 0) + hits);
		const where = url.replace(/^.*node_modules\//, '').replace(/^.*?\/(nodes|test)\//, '$1/');
		const name = `${functionName || '(anonymous)'} ${where}${where ? `:${lineNumber + 1}` : ''}`;
		functions.set(name, (functions.get(name) ?? 0) + hits);
	}
	const shares = (map: Map<string, number>) =>
		[...map].map(([key, hits]): [string, number] => [key, hits / total]).sort((a, b) => b[1] - a[1]);
	return { buckets: shares(buckets), functions: shares(functions) };
}

/**
 * `npm run bench:profile`: where the client's CPU goes for N calls of a fast tool, with the
 * hub in its own process. PROFILE_WHAT=floor profiles the bare MCP SDK client instead,
 * PROFILE_ITEMS sets N (3000).
 */
import { bareClient, nodeRun, startHub, timeOnce } from './contenders';
import { profileCpu } from './cpuProfile';

async function main() {
	const items = Number(process.env.PROFILE_ITEMS ?? 3000);
	const which = process.env.PROFILE_WHAT === 'floor' ? 'floor' : 'node';
	const hub = await startHub(0);
	const run = () => (which === 'floor' ? bareClient(hub, items) : nodeRun(hub, items));
	try {
		await run(); // warm-up: JIT and sockets
		const timing = await timeOnce(run);
		const profile = await profileCpu(run);
		console.log(`${which}: ${items} calls, wall ${timing.ms.toFixed(0)} ms, client CPU ${timing.cpuMs.toFixed(0)} ms (${((timing.cpuMs / items) * 1000).toFixed(0)} µs per call)`);
		console.log('\n| where | share of busy samples |\n| --- | ---: |');
		for (const [bucket, share] of profile.buckets) console.log(`| ${bucket} | ${(share * 100).toFixed(1)} % |`);
		console.log('\nTop functions (self time):');
		for (const [fn, share] of profile.functions.slice(0, 25)) console.log(`${(share * 100).toFixed(1).padStart(5)} %  ${fn}`);
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

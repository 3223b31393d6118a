/**
 * `npm run dev`: the main job in one command. A local Civic hub with a demo account,
 * profile and fresh token; n8n (installed into the cache on first use) with this package
 * installed as a community node; a "Civic (local demo)" credential and the example
 * workflows imported. Prints the editor URL and login. Ctrl-C stops everything.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CivicHub } from '../hub/server';
import { DEMO_ACCOUNT_ID, DEMO_PROFILE } from '../hub/directory';
import { installN8n, N8nInstance } from './n8nInstance';
import { E2E_CREDENTIAL } from './workflows';

const ROOT = join(__dirname, '..', '..');
const N8N_VERSION = process.env.CIVIC_DEV_N8N ?? '1.123.81';

async function main() {
	const hub = await CivicHub.start({}, Number(process.env.CIVIC_HUB_PORT ?? 0));
	console.log(`Civic local hub: ${hub.url} (account ${DEMO_ACCOUNT_ID}, profile "${DEMO_PROFILE.alias}")`);

	console.log(`Preparing n8n ${N8N_VERSION} (the first run installs it into the cache; that takes a few minutes)…`);
	const n8n = new N8nInstance(installN8n(N8N_VERSION, 20));
	const packDir = mkdtempSync(join(tmpdir(), 'civic-pack-'));
	execFileSync('npm', ['pack', '--pack-destination', packDir], { cwd: ROOT, stdio: 'pipe' });
	n8n.installPackage(join(packDir, readdirSync(packDir).find((f) => f.endsWith('.tgz'))!));
	await n8n.importJson('credentials', [
		{
			...E2E_CREDENTIAL,
			type: 'civicApi',
			data: { accountId: DEMO_ACCOUNT_ID, profile: DEMO_PROFILE.alias, apiToken: hub.tokens.valid(), hubUrl: hub.url },
		},
	]);
	const examples = readdirSync(join(ROOT, 'examples')).map((f) => JSON.parse(readFileSync(join(ROOT, 'examples', f), 'utf8')));
	await n8n.importJson('workflow', examples);
	await n8n.start(Number(process.env.CIVIC_DEV_PORT ?? 5678));
	await n8n.setupOwner();

	console.log(`\nn8n ${N8N_VERSION} with n8n-nodes-civic is ready: ${n8n.baseUrl}`);
	console.log('  Log in as owner@example.com / Passw0rd-e2e');
	console.log('  Credential: "Civic (local demo)"; workflows: the examples/ folder');
	console.log('\nCtrl-C stops n8n and the hub.');

	const stop = async () => {
		await n8n.stop();
		await hub.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});

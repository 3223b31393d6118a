/**
 * `npm run dev`: the main job in one command. A local Civic hub with a demo account,
 * profile and fresh token; n8n (installed into the cache on first use) with this package
 * installed as a community node; a "Civic (local demo)" credential, a "Civic App (local
 * demo)" credential for the per-user example, a stand-in chat model
 * for the AI Agent example, and the example workflows imported. Prints the editor URL and
 * how to sign in. Ctrl-C stops everything and removes what the run wrote.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CivicHub } from '../hub/server';
import { DEMO_ACCOUNT_ID, DEMO_PROFILE } from '../hub/directory';
import { FakeChatModel } from './fakeChatModel';
import { N8nInstance, packPackage, type N8nInstall } from './n8nInstance';
import { demoAppCredential } from '../hub/civicAuth';
import { DEV_OAUTH_CREDENTIAL, localOAuthCredential } from './workflows';
import { E2E_APP_CREDENTIAL, E2E_CREDENTIAL, E2E_MODEL_CREDENTIAL, REVIEW_PLAN } from './workflows';

const ROOT = join(__dirname, '..', '..');
const N8N_VERSION = process.env.CIVIC_DEV_N8N ?? '1.123.81';
const CACHE = process.env.N8N_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'n8n-nodes-civic');

/** installN8n.sh, with a line every 15 s while it works: the first install takes minutes. */
function installN8nWithProgress(version: string): Promise<N8nInstall> {
	const log = join(CACHE, `install-n8n-${version}.log`);
	const firstTime = !existsSync(join(CACHE, `n8n-${version}`, 'node_modules', '.bin', 'n8n'));
	if (firstTime) console.log(`Installing n8n ${version} into ${CACHE} (first run only; a few minutes). Log: ${log}`);
	const started = Date.now();
	const ticker = setInterval(
		() => console.log(`  … still installing n8n ${version} (${Math.round((Date.now() - started) / 1000)} s; log: ${log})`),
		15_000,
	);
	return new Promise((resolve, reject) => {
		// n8n 2.x runs on the Node the e2e proves it on (installN8n.sh fetches it from npm)
		const nodeMajor = version.startsWith('1.') ? '20' : '24';
		const child = spawn('bash', [join(__dirname, 'installN8n.sh'), version, nodeMajor], { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.on('close', (status) => {
			clearInterval(ticker);
			if (status !== 0) return reject(new Error(`Installing n8n ${version} failed; see ${log}`));
			const [nodeBin, n8nBin] = out.trim().split('\n').slice(-2);
			resolve({ version, nodeBin, n8nBin });
		});
	});
}

/** The AI Agent example asks a person for an OpenAI credential; here it gets the stand-in model. */
function withLocalModel(workflow: { nodes: Array<{ type: string; credentials?: object }> }) {
	for (const node of workflow.nodes) {
		if (node.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi') node.credentials = { openAiApi: E2E_MODEL_CREDENTIAL };
	}
	return workflow;
}

async function main() {
	const hub = await CivicHub.start({ devTokens: true }, Number(process.env.CIVIC_HUB_PORT ?? 0));
	const model = await FakeChatModel.start({ city: 'Paris' });
	// the AI Agent example offers every tool of the profile: the stand-in asks for the weather;
	// asked to mail, it reads a contact, then sends a mail (the review example's story)
	model.planFor = (question) => (/\bmail\b/i.test(question) ? REVIEW_PLAN : [{ tool: 'demo-get_weather_structured', args: { city: 'Paris' } }]);
	console.log(`Civic local hub: ${hub.url} (account ${DEMO_ACCOUNT_ID}, profile "${DEMO_PROFILE.alias}")`);

	// n8n's own log at its default level, and date-time arguments in the machine's timezone
	// (n8n would otherwise assume America/New_York)
	const n8n = new N8nInstance(await installN8nWithProgress(N8N_VERSION), {
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info',
		GENERIC_TIMEZONE: process.env.GENERIC_TIMEZONE ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
		// what n8n 1.123's start-up deprecation notice asks for, so that it does not alarm a newcomer
		DB_SQLITE_POOL_SIZE: '2',
		N8N_RUNNERS_ENABLED: 'true',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		N8N_GIT_NODE_DISABLE_BARE_REPOS: 'true',
	});
	n8n.onServerLine = (line) => console.log(`[n8n] ${line}`);
	if (n8n.nodeMajor < 22) {
		console.log(
			`On Node ${n8n.nodeMajor} n8n runs its legacy expression engine (its isolated one needs isolated-vm, built for Node 22+ only), ` +
				'so n8n warns below that it is deprecated: harmless for this local demo; on Node 22 or later the warning goes.',
		);
	}
	hub.authorizations.onJobOpened = (job, authUrl) =>
		console.log(`[hub] Tool "${job.tool}" needs ${job.service} authorized: open ${authUrl} to approve it`);
	let tarball: string | undefined;
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		await n8n.stop();
		await hub.stop();
		await model.stop();
		// the n8n user folder holds the database with the demo credential: nothing outlives the run
		rmSync(n8n.home, { recursive: true, force: true });
		if (tarball) rmSync(dirname(tarball), { recursive: true, force: true });
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());

	tarball = packPackage();
	n8n.installPackage(tarball);
	await n8n.importJson('credentials', [
		{
			...E2E_CREDENTIAL,
			type: 'civicApi',
			data: { accountId: DEMO_ACCOUNT_ID, profile: DEMO_PROFILE.alias, apiToken: hub.tokens.valid(), hubUrl: hub.url },
		},
		{ ...E2E_APP_CREDENTIAL, type: 'civicAppApi', data: demoAppCredential(hub) },
		// not connected yet: "Connect my account" opens the local Civic Auth's sign-in page
		{ ...DEV_OAUTH_CREDENTIAL, type: 'civicOAuth2Api', data: localOAuthCredential(hub) },
		{ ...E2E_MODEL_CREDENTIAL, name: 'OpenAI (local stand-in model)', type: 'openAiApi', data: { apiKey: 'sk-local-stand-in', url: model.url } },
	]);
	const examples = readdirSync(join(ROOT, 'examples')).map((f) =>
		withLocalModel(JSON.parse(readFileSync(join(ROOT, 'examples', f), 'utf8'))),
	);
	await n8n.importJson('workflow', examples);
	await n8n.start(Number(process.env.CIVIC_DEV_PORT ?? 5678));
	await n8n.setupOwner();

	console.log(`\nn8n ${N8N_VERSION} with n8n-nodes-civic is ready: ${n8n.baseUrl}`);
	console.log('  Sign in with e-mail owner@example.com and password Passw0rd-e2e');
	console.log('  Credential "Civic (local demo)"; workflows from examples/; the AI Agent example (Civic Toolkit)');
	console.log('  talks to a stand-in model on loopback that calls the weather tool and repeats its answer');
	console.log('  Asked to mail ("Mail Ada the agenda"), it reads a contact, then sends the mail: in the example');
	console.log('  "Civic: AI Agent that reads freely and asks in the chat…" (n8n 2.6+: CIVIC_DEV_N8N=2.41.1 npm run dev)');
	console.log('  the chat asks you first (Open chat on its canvas)');
	console.log(`  Tools that need authorization print a URL on ${hub.origin}: opening it approves the job`);
	console.log(`  A fresh demo token (if you changed the credential's): ${hub.origin}/dev/token`);
	console.log('  Credential "Civic App (local demo)": each end user acts as themselves. Activate the workflow');
	console.log('  "Civic: act as each user of my app (webhook)", then ask as a user of your app would:');
	console.log(`    curl -s -X POST ${n8n.baseUrl}/webhook/civic-as-user -H "Authorization: Bearer $(curl -s '${hub.origin}/dev/user-token?user=alice')"`);
	console.log('  Credential "Civic OAuth (local demo)": open it and click Connect my account; the local Civic');
	console.log('  Auth shows its sign-in page, and the credential renews itself from then on (Authentication:');
	console.log('  "Civic OAuth2" on a Civic node).');
	console.log('\nCtrl-C stops n8n and the hub and removes the n8n user folder of this run.');
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});

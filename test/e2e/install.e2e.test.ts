/**
 * README's "From a checkout" install, run as README writes it: its bash block, in a copy of
 * this checkout, with a fresh home folder, then n8n started on that user folder. The block is
 * read from README itself, so the words a reader follows are the ones tested.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { E2E_MATRIX, installN8n, N8nInstance } from './n8nInstance';

const ROOT = join(__dirname, '..', '..');

/** The fenced block after README's install-from-checkout marker. */
function readmeInstallBlock(): string {
	const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
	const match = /<!-- install-from-checkout[^>]*-->\s*```bash\n([\s\S]*?)```/.exec(readme);
	if (!match) throw new Error('README has no install-from-checkout block');
	return match[1];
}

/** A checkout as a reader has it: the repository's files (committed or not), no node_modules, no dist. */
function copyOfCheckout(): string {
	const copy = mkdtempSync(join(tmpdir(), 'civic-checkout-'));
	const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
	for (const file of files) {
		if (!existsSync(join(ROOT, file))) continue;
		mkdirSync(dirname(join(copy, file)), { recursive: true });
		copyFileSync(join(ROOT, file), join(copy, file));
	}
	return copy;
}

describe.each(E2E_MATRIX)('README\'s install from a checkout, n8n $version on Node $nodeMajor', ({ version, nodeMajor }) => {
	let checkout: string;
	let n8n: N8nInstance;

	beforeAll(() => {
		checkout = copyOfCheckout();
		n8n = new N8nInstance(installN8n(version, nodeMajor));
	}, 30 * 60_000);

	afterAll(async () => {
		await n8n?.stop();
		for (const folder of [checkout, n8n?.home]) if (folder) rmSync(folder, { recursive: true, force: true });
	});

	it('builds, packs and installs the tarball into ~/.n8n/nodes; n8n then offers the Civic nodes and credentials', async () => {
		// n8n's user folder is its home here, so ~/.n8n is the folder this n8n reads; npm keeps the
		// reader's own download cache
		const env: NodeJS.ProcessEnv = { ...process.env, HOME: n8n.home, npm_config_cache: process.env.npm_config_cache ?? join(homedir(), '.npm') };
		delete env.N8N_USER_FOLDER;
		execFileSync('bash', ['-euo', 'pipefail', '-c', readmeInstallBlock()], { cwd: checkout, env, stdio: 'pipe' });

		const installed = join(n8n.home, '.n8n', 'nodes', 'node_modules');
		const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
		expect(JSON.parse(readFileSync(join(installed, 'n8n-nodes-civic', 'package.json'), 'utf8')).version).toBe(manifest.version);
		// the host's n8n-workflow, not a second copy beside the package
		expect(existsSync(join(installed, 'n8n-workflow'))).toBe(false);

		await n8n.start();
		await n8n.setupOwner();
		const nodes = (await n8n.get<Array<{ name: string }>>('/types/nodes.json')).map((t) => t.name);
		expect(nodes).toEqual(expect.arrayContaining(['n8n-nodes-civic.civic', 'n8n-nodes-civic.civicTrigger', 'n8n-nodes-civic.civicToolkit']));
		const credentials = (await n8n.get<Array<{ name: string }>>('/types/credentials.json')).map((c) => c.name);
		expect(credentials).toEqual(expect.arrayContaining(['civicApi', 'civicOAuth2Api', 'civicAppApi']));
	}, 15 * 60_000);
});

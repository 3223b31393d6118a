/**
 * What `npm publish` would ship, as `npm pack --dry-run` lists it: the built package and its
 * four top-level files, nothing of the tests, no source maps that point at sources it does
 * not ship, and every node and credential that package.json names for n8n.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

describe('the published package', () => {
	const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
	// npm test builds first; --ignore-scripts: packing must not run a build of its own
	const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }));
	const files: string[] = packed.files.map((f: { path: string }) => f.path);

	it('holds dist/ and the four top-level files only', () => {
		expect(files.filter((f) => !f.startsWith('dist/')).sort()).toEqual(['LICENSE', 'README.md', 'index.js', 'package.json']);
	});

	it('ships no tests, no TypeScript sources and no source maps', () => {
		expect(files.filter((f) => /(^|\/)test\/|\.test\.|\.map$|(?<!\.d)\.ts$/.test(f))).toEqual([]);
	});

	it("ships every node, credential, icon and codex n8n is told of", () => {
		const named: string[] = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
		expect(named.filter((f) => !files.includes(f))).toEqual([]);
		for (const node of manifest.n8n.nodes as string[]) {
			expect(files).toContain(node.replace(/\.js$/, '.json'));
		}
		expect(files.filter((f) => f.endsWith('.svg')).length).toBeGreaterThanOrEqual(manifest.n8n.nodes.length);
	});
});

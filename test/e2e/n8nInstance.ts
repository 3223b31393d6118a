/**
 * A real n8n in a throw-away user folder: the packed package installed into
 * `~/.n8n/nodes` as Settings → Community Nodes does it, the CLI for imports and
 * executions, and the REST API of `n8n start` for what the editor calls.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { freedPort } from '../harness/ports';
import { stopProcess } from './processes';

export interface N8nInstall {
	version: string;
	nodeBin: string;
	n8nBin: string;
}

/** Runs installN8n.sh (cached) and reads where node and n8n are. */
export function installN8n(version: string, nodeMajor: number): N8nInstall {
	const out = execFileSync('bash', [join(__dirname, 'installN8n.sh'), version, String(nodeMajor)], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const [nodeBin, n8nBin] = out.trim().split('\n').slice(-2);
	return { version, nodeBin, n8nBin };
}

/**
 * The test's own HTTP client for n8n: no connection is kept idle, since n8n closes idle
 * ones after 5 s and a request sent on one just then fails with "other side closed".
 */
const noKeepAlive = new Agent({ keepAliveTimeout: 10, keepAliveMaxTimeout: 10 });
const fetchN8n = (url: string, init: Parameters<typeof undiciFetch>[1] = {}) =>
	undiciFetch(url, { ...init, dispatcher: noKeepAlive }) as unknown as Promise<Response>;

const ROOT = join(__dirname, '..', '..');

/** The n8n lines the e2e run proves the package on; E2E_N8N_1/2 choose other versions, E2E_ONLY one of them. */
export const E2E_MATRIX = [
	{ version: process.env.E2E_N8N_1 ?? '1.123.81', nodeMajor: 20 },
	{ version: process.env.E2E_N8N_2 ?? '2.41.1', nodeMajor: 24 },
].filter((entry) => !process.env.E2E_ONLY || process.env.E2E_ONLY.split(',').includes(entry.version));

/** `npm pack` of this package into a new temporary folder; returns the tarball's path. */
export function packPackage(): string {
	const dir = mkdtempSync(join(tmpdir(), 'civic-pack-'));
	execFileSync('npm', ['pack', '--pack-destination', dir], { cwd: ROOT, stdio: 'pipe' });
	return join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz'))!);
}

export class N8nInstance {
	readonly home = mkdtempSync(join(tmpdir(), 'civic-e2e-n8n-'));
	private server?: ChildProcess;
	private worker?: ChildProcess;
	/** What `n8n worker` printed, for tests that check which process ran an execution. */
	workerLog = '';
	/** What `n8n start` printed. */
	serverLog = '';
	private port = 0;
	private cookie = '';
	/** Each line `n8n start` prints, as it prints it (npm run dev shows them). */
	onServerLine?: (line: string) => void;

	/** `extraEnv` configures n8n further, e.g. queue mode. */
	constructor(
		readonly install: N8nInstall,
		private readonly extraEnv: Record<string, string> = {},
	) {}

	/**
	 * The major version of the Node that runs n8n. n8n's default expression engine runs
	 * expressions in isolated-vm, which ships builds for Node 22 and later only (and cannot be
	 * compiled here); on Node 20 n8n runs its legacy engine, and says at start that it is deprecated.
	 */
	get nodeMajor(): number {
		this.major ??= Number(execFileSync(this.install.nodeBin, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).trim());
		return this.major;
	}
	private major?: number;

	private get env(): NodeJS.ProcessEnv {
		// Jest sets NODE_ENV=test, under which n8n exits silently at start; JEST_* would leak too.
		const inherited = Object.fromEntries(
			Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV' && !name.startsWith('JEST_')),
		);
		return {
			...inherited,
			NODE_ENV: 'production',
			N8N_USER_FOLDER: this.home,
			...(this.nodeMajor < 22 ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			// n8n's other calls home (the vetted community nodes list, banners): these machines reach
			// only the npm registry, where each would log "getaddrinfo ENOTFOUND api.n8n.io"
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_LOG_LEVEL: 'warn',
			// node_modules/.bin of the cache holds n8n's own tools; the right Node comes first
			PATH: `${join(this.install.nodeBin, '..')}:${process.env.PATH}`,
			...this.extraEnv,
		};
	}

	/**
	 * Installs the packed package into ~/.n8n/nodes exactly as n8n's Community Nodes
	 * installer does (n8n 1.123 community-packages.service): extract the tarball into
	 * node_modules/<name>, drop dev, peer and optional dependencies from its package.json,
	 * `npm install` inside it with n8n's arguments, and record it in nodes/package.json.
	 */
	installPackage(tarball: string): void {
		const nodesDir = join(this.home, '.n8n', 'nodes');
		const packageDir = join(nodesDir, 'node_modules', 'n8n-nodes-civic');
		mkdirSync(packageDir, { recursive: true });
		execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
		const manifestPath = join(packageDir, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
			readFileSync(manifestPath, 'utf8'),
		);
		writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
		execFileSync(
			'npm',
			['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
			{ cwd: packageDir, stdio: 'pipe' },
		);
		writeFileSync(
			join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { 'n8n-nodes-civic': manifest.version } }, null, 2),
		);
	}

	/**
	 * Runs an n8n CLI command. Asynchronous on purpose: the local hub lives in this process,
	 * and a synchronous spawn would block it from answering the workflow it runs.
	 * n8n's CLI prints through its logger, hence log level info.
	 */
	cli(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
		return new Promise((resolve, reject) => {
			const child = spawn(this.install.nodeBin, [this.install.n8nBin, ...args], {
				env: { ...this.env, N8N_LOG_LEVEL: 'info' },
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (d) => (stdout += d));
			child.stderr.on('data', (d) => (stderr += d));
			const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
			child.on('error', reject);
			child.on('close', (status) => {
				clearTimeout(timer);
				resolve({ status, stdout, stderr });
			});
		});
	}

	/** Imports through a file only the owner can read, removed at once: credentials hold tokens. */
	async importJson(kind: 'credentials' | 'workflow', data: unknown): Promise<void> {
		const file = join(this.home, `${kind}-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify(data), { mode: 0o600 });
		try {
			const result = await this.cli(`import:${kind}`, `--input=${file}`);
			if (result.status !== 0) throw new Error(`n8n import:${kind} failed: ${result.stderr || result.stdout}`);
		} finally {
			rmSync(file, { force: true });
		}
	}

	/** Ids of the stored workflows, read from `export:workflow --all`. */
	async workflowIds(): Promise<string[]> {
		const file = join(this.home, `export-${Date.now()}.json`);
		const result = await this.cli('export:workflow', '--all', `--output=${file}`);
		if (result.status !== 0) throw new Error(`n8n export:workflow failed: ${result.stderr || result.stdout}`);
		return (JSON.parse(readFileSync(file, 'utf8')) as Array<{ id: string }>).map((w) => w.id);
	}

	/**
	 * Executes a stored workflow with the CLI. n8n prints the run data as indented JSON,
	 * after a banner when the run failed; the object that opens a line is the run data.
	 */
	async execute(workflowId: string): Promise<{ status: number | null; output: string; runData?: RunData }> {
		const result = await this.cli('execute', `--id=${workflowId}`, '--rawOutput');
		const output = result.stdout + result.stderr;
		const start = result.stdout.search(/^\{$/m);
		const end = result.stdout.search(/^\}$/m);
		let runData: RunData | undefined;
		if (start >= 0 && end > start) {
			try {
				runData = JSON.parse(result.stdout.slice(start, end + 1)) as RunData;
			} catch {
				runData = undefined;
			}
		}
		return { status: result.status, output, runData };
	}

	/** Starts `n8n start` on loopback (on `port`, or a free one) and waits until its REST API answers. */
	async start(port?: number): Promise<void> {
		this.port = port ?? (await freedPort());
		this.server = spawn(this.install.nodeBin, [this.install.n8nBin, 'start'], {
			env: { ...this.env, N8N_PORT: String(this.port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_HOST: '127.0.0.1' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		this.serverLog = '';
		let partial = '';
		const take = (chunk: Buffer) => {
			this.serverLog += chunk;
			if (!this.onServerLine) return;
			const lines = (partial + chunk.toString()).split('\n');
			partial = lines.pop() ?? '';
			for (const line of lines) if (line.trim()) this.onServerLine(line);
		};
		this.server.stdout!.on('data', take);
		this.server.stderr!.on('data', take);
		const deadline = Date.now() + 180_000;
		while (Date.now() < deadline) {
			if (this.server.exitCode !== null) throw new Error(`n8n exited while starting:\n${this.serverLog}`);
			// /healthz answers before the REST API is up, which serves "n8n is starting up" meanwhile.
			const ok = await fetchN8n(`${this.baseUrl}/rest/settings`)
				.then(async (r) => r.ok && (await r.text()).startsWith('{'))
				.catch(() => false);
			if (ok) return;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		throw new Error(`n8n did not start in 3 minutes:\n${this.serverLog}`);
	}

	/** Starts `n8n worker` (queue mode), which takes executions from Redis. */
	startWorker(extraEnv: Record<string, string> = {}): void {
		this.worker = spawn(this.install.nodeBin, [this.install.n8nBin, 'worker', '--concurrency=2'], {
			env: { ...this.env, N8N_LOG_LEVEL: 'info', ...extraEnv },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		this.worker.stdout!.on('data', (d) => (this.workerLog += d));
		this.worker.stderr!.on('data', (d) => (this.workerLog += d));
	}

	/** Kills `n8n worker` at once (SIGKILL), as a crashed machine would. */
	killWorker(): void {
		this.worker?.kill('SIGKILL');
	}

	/** POSTs JSON to a production webhook of an active workflow and returns status and body. */
	async webhook(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
		const response = await fetchN8n(`${this.baseUrl}/webhook/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(120_000),
		});
		return { status: response.status, body: await response.text() };
	}

	/**
	 * Creates and activates a workflow and waits until its production webhook at `path`
	 * answers `probe` (n8n 2.x registers a published workflow's webhooks a moment later).
	 */
	async activateWebhook(path: string, workflow: object, probe: unknown = {}): Promise<string> {
		const created = await this.rest<{ id: string; versionId: string }>('POST', '/workflows', workflow);
		await this.rest('POST', `/workflows/${created.id}/activate`, { versionId: created.versionId });
		const deadline = Date.now() + 60_000;
		while ((await this.webhook(path, probe)).status === 404 && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 300));
		}
		return created.id;
	}

	/** The process id of `n8n start`, for reading its CPU time. */
	get pid(): number | undefined {
		return this.server?.pid;
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** Creates the owner account and logs in; n8n binds the session cookie to the browser-id header. */
	async setupOwner(): Promise<void> {
		const owner = { email: 'owner@example.com', password: 'Passw0rd-e2e' };
		await this.request('POST', '/rest/owner/setup', { ...owner, firstName: 'E2E', lastName: 'Owner' });
		const login = await this.request('POST', '/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
		this.cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
	}

	/** Calls the editor's REST API as the owner and unwraps n8n's `{ data }` envelope. */
	async rest<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await this.request(method, `/rest${path}`, body);
		const text = await response.text();
		let json: { data?: T };
		try {
			json = JSON.parse(text) as { data?: T };
		} catch {
			throw new Error(`${method} /rest${path} answered ${response.status} with no JSON: ${text.slice(0, 300)}`);
		}
		return (json.data ?? json) as T;
	}

	/** GETs a path outside /rest (such as /types/nodes.json) as the owner. */
	async get<T = unknown>(path: string): Promise<T> {
		return (await (await this.request('GET', path)).json()) as T;
	}

	private async request(method: string, path: string, body?: unknown): Promise<Response> {
		const response = await fetchN8n(`${this.baseUrl}${path}`, {
			method,
			headers: { 'content-type': 'application/json', cookie: this.cookie, 'browser-id': 'civic-e2e' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${(await response.text()).slice(0, 500)}`);
		return response;
	}

	/** Stops `n8n start` and any worker. */
	async stop(): Promise<void> {
		await Promise.all([stopProcess(this.server), stopProcess(this.worker)]);
	}
}

export interface RunData {
	data?: { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown>; binary?: Record<string, { mimeType: string; fileName?: string }> }>> }; error?: { message: string } }>>; error?: { message: string } } };
	resultData?: { runData: Record<string, unknown>; error?: { message: string } };
}

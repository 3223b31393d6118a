/**
 * A throw-away PostgreSQL on loopback for n8n's queue mode as admins run it. The server
 * comes from Debian's packages (installed on first use); the cluster lives in a temporary
 * folder owned by the `postgres` user (PostgreSQL refuses to run as root) and is removed.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freedPort } from '../harness/ports';
import { ensureDebianPackage } from './debianPackage';

function postgresBin(): string {
	const find = () => {
		const root = '/usr/lib/postgresql';
		if (!existsSync(root)) return undefined;
		const version = readdirSync(root).sort().pop();
		const bin = version && join(root, version, 'bin');
		return bin && existsSync(join(bin, 'initdb')) ? bin : undefined;
	};
	if (!find()) ensureDebianPackage('/usr/lib/postgresql/*/bin/initdb', 'postgresql', 'the queue-mode test on PostgreSQL');
	const bin = find();
	if (!bin) throw new Error('PostgreSQL was installed, but no initdb was found under /usr/lib/postgresql');
	return bin;
}

export class LocalPostgres {
	private constructor(
		private readonly bin: string,
		private readonly dir: string,
		readonly port: number,
	) {}

	static async start(): Promise<LocalPostgres> {
		const bin = postgresBin();
		const dir = mkdtempSync(join(tmpdir(), 'civic-pg-'));
		const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
		chownSync(dir, uid, gid);
		const port = await freedPort();
		const pg = new LocalPostgres(bin, dir, port);
		pg.asPostgres('initdb', '-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync');
		pg.asPostgres(
			'pg_ctl',
			'-D',
			join(dir, 'data'),
			'-l',
			join(dir, 'server.log'),
			'-w',
			'-o',
			`-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
			'start',
		);
		pg.asPostgres('createdb', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'n8n');
		return pg;
	}

	/** n8n's settings for this database. */
	get n8nEnv(): Record<string, string> {
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
		};
	}

	stop(): void {
		try {
			this.asPostgres('pg_ctl', '-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop');
		} finally {
			rmSync(this.dir, { recursive: true, force: true });
		}
	}

	private asPostgres(program: string, ...args: string[]): void {
		const asRoot = process.getuid?.() === 0;
		const [command, ...rest] = asRoot
			? ['runuser', '-u', 'postgres', '--', join(this.bin, program), ...args]
			: ['sudo', '-n', '-u', 'postgres', join(this.bin, program), ...args];
		execFileSync(command, rest, { stdio: 'pipe', cwd: this.dir });
	}
}

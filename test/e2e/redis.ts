/**
 * A throw-away Redis on loopback for n8n's queue mode. Redis comes from Debian's packages;
 * on a fresh machine it is installed on first use (as root, or through sudo).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { freedPort } from '../harness/ports';
import { stopProcess } from './processes';

function ensureRedisInstalled(): void {
	const found = () => {
		try {
			execFileSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' });
			return true;
		} catch {
			return false;
		}
	};
	if (found()) return;
	const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
	const apt = (...args: string[]) => {
		const [command, ...rest] = [...sudo, 'apt-get', ...args];
		execFileSync(command, rest, { stdio: 'pipe', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	};
	try {
		apt('install', '-y', '-q', 'redis-server');
	} catch {
		apt('update', '-q');
		apt('install', '-y', '-q', 'redis-server');
	}
	if (!found()) throw new Error('redis-server is needed for the queue-mode test and could not be installed with apt-get');
}

export class LocalRedis {
	private constructor(
		private readonly child: ChildProcess,
		readonly port: number,
	) {}

	static async start(): Promise<LocalRedis> {
		ensureRedisInstalled();
		const port = await freedPort();
		const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
			stdio: 'ignore',
		});
		const deadline = Date.now() + 10_000;
		while (!(await answers(port))) {
			if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		return new LocalRedis(child, port);
	}

	stop(): Promise<void> {
		return stopProcess(this.child);
	}
}

function answers(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = createConnection({ port, host: '127.0.0.1' }, () => {
			socket.end();
			resolve(true);
		});
		socket.on('error', () => resolve(false));
	});
}

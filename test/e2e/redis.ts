/**
 * A throw-away Redis on loopback for n8n's queue mode. Redis comes from Debian's packages;
 * on a fresh machine it is installed on first use (as root, or through sudo).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { freedPort } from '../harness/ports';
import { ensureDebianPackage } from './debianPackage';
import { stopProcess } from './processes';

export class LocalRedis {
	private constructor(
		private readonly child: ChildProcess,
		readonly port: number,
	) {}

	static async start(): Promise<LocalRedis> {
		ensureDebianPackage('redis-server', 'redis-server', 'the queue-mode test');
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

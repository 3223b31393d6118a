/**
 * Servers and browsers the e2e run needs come from Debian's packages; on a fresh machine
 * they are installed on first use (as root, or through sudo), never downloaded otherwise.
 */
import { execFileSync } from 'node:child_process';

export function commandExists(command: string): boolean {
	try {
		execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

/** Installs Debian's `pkg` unless `command` (or a file path) is already there. */
export function ensureDebianPackage(command: string, pkg: string, purpose: string): void {
	if (commandExists(command)) return;
	const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
	const apt = (...args: string[]) => {
		const [program, ...rest] = [...sudo, 'apt-get', ...args];
		execFileSync(program, rest, { stdio: 'pipe', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	};
	try {
		apt('install', '-y', '-q', pkg);
	} catch {
		apt('update', '-q');
		apt('install', '-y', '-q', pkg);
	}
	if (!commandExists(command)) throw new Error(`${pkg} is needed for ${purpose} and could not be installed with apt-get`);
}

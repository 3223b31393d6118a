import type { ServerResponse } from 'node:http';

/**
 * The local hub's latency: a request is answered `latencyMs` after it came in, the hub's own
 * work done within that time. A remote hub's round trip is mostly network and upstream
 * services, and it serves a client's parallel requests side by side. Waiting first and then
 * working would add this one-threaded local hub's queue (about a millisecond per request:
 * sixteen parallel calls, sixteen milliseconds) to every round trip, and the bench would
 * measure the local hub rather than the client.
 *
 * Everything written to `res` before `deadline` (ms since epoch) is held and written then, in
 * order; what comes later goes out at once.
 */
export function holdUntil(res: ServerResponse, deadline: number): void {
	const held: Array<() => void> = [];
	let released = false;
	const hold = <K extends 'writeHead' | 'write' | 'end' | 'flushHeaders'>(name: K, returns: (args: unknown[]) => unknown) => {
		const original = res[name] as (...args: unknown[]) => unknown;
		res[name] = ((...args: unknown[]) => {
			if (released) return original.apply(res, args);
			held.push(() => original.apply(res, args));
			return returns(args);
		}) as ServerResponse[K];
	};
	hold('writeHead', () => res);
	hold('write', () => true);
	hold('end', () => res);
	hold('flushHeaders', () => undefined);
	setTimeout(() => {
		released = true;
		for (const write of held) write();
	}, Math.max(0, deadline - Date.now()));
}

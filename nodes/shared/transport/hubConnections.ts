import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * Idle connections are closed before the 5 s after which Node servers and most proxies
 * close theirs, so a request is not written into a connection the other side is closing.
 */
export const IDLE_SOCKET_MS = 4_000;

type ConnectionOptions = http.ClientRequestArgs & { _agentKey?: string };

/**
 * Kept-alive connections to the hub, which can also be opened ahead of need. A request that
 * finds no free connection opens one: TCP, and TLS to a real hub, one or two round trips
 * before the request can leave. A cold run at Parallel Calls 16 would open its sixteen just
 * when its calls are ready; opened while the handshake's reply is on its way, they are
 * ready when the calls start.
 *
 * A connection opened ahead is opened exactly as the agent opened the last one to that host
 * (the same options: TLS settings, server name, keep-alive), and handed to the agent when
 * it next asks for a new connection.
 */
class HubAgent {
	private readonly lastOpened = new Map<string, ConnectionOptions>();
	/** Connections opened ahead, by the agent's name for their host, each with what forgets it. */
	private readonly spare = new Map<string, Array<{ socket: Socket; forget: () => void }>>();
	/** The agent's own way to open a connection: a net.Socket, or a tls.TLSSocket for https. */
	private readonly open: (options: ConnectionOptions, callback?: (err: Error | null, stream: Duplex) => void) => Socket | null | undefined;

	constructor(readonly agent: http.Agent) {
		const open = agent.createConnection.bind(agent) as HubAgent['open'];
		this.open = open;
		agent.createConnection = (options: ConnectionOptions, callback) => {
			this.lastOpened.set(hostKey(options.host ?? options.hostname, options.port), options);
			return this.takeSpare(options._agentKey) ?? open(options, callback);
		};
	}

	/** Makes `count` connections to `url`'s host free or opening, counting those already free. */
	openAhead(url: URL, count: number): void {
		const options = this.lastOpened.get(hostKey(url.hostname, url.port || (url.protocol === 'https:' ? 443 : 80)));
		const name = options?._agentKey;
		if (!options || !name) return;
		const spare = this.spare.get(name) ?? [];
		this.spare.set(name, spare);
		for (let ready = (this.agent.freeSockets[name]?.length ?? 0) + spare.length; ready < count; ready++) {
			const socket = this.open({ ...options });
			if (!socket) return;
			const entry = {
				socket,
				forget: () => {
					socket.destroy();
					const at = spare.indexOf(entry);
					if (at >= 0) spare.splice(at, 1);
				},
			};
			// no reason to keep a process alive, and forgotten once the hub closes it or it idles
			// (the agent's options, copied above, give it IDLE_SOCKET_MS)
			socket.unref();
			socket.once('error', entry.forget).once('close', entry.forget).once('timeout', entry.forget);
			spare.push(entry);
		}
	}

	private takeSpare(name: string | undefined): Socket | undefined {
		const entry = name ? this.spare.get(name)?.shift() : undefined;
		if (!entry) return undefined;
		const { socket, forget } = entry;
		socket.off('error', forget).off('close', forget).off('timeout', forget);
		if (socket.destroyed) return this.takeSpare(name);
		socket.ref();
		return socket;
	}
}

/** Which host a connection goes to, the same whether read off the agent's options or a URL. */
const hostKey = (host: string | null | undefined, port: string | number | null | undefined) => `${host}:${port}`;

let agents: { 'http:': HubAgent; 'https:': HubAgent } | undefined;

/** The process's agents for direct (not proxied) hub requests. */
export function hubAgents(): { 'http:': http.Agent; 'https:': https.Agent } {
	agents ??= {
		'http:': new HubAgent(new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS })),
		'https:': new HubAgent(new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS })),
	};
	return { 'http:': agents['http:'].agent, 'https:': agents['https:'].agent as https.Agent };
}

/**
 * Opens connections to `url`'s host until `count` are free or opening. Only where a
 * connection to it has been opened before in this process (the handshake's own, at the
 * least); never through a proxy, whose connections undici keeps.
 */
export function openConnectionsAhead(url: URL, count: number): void {
	agents?.[url.protocol as 'http:' | 'https:']?.openAhead(url, count);
}

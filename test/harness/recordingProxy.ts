/**
 * A forward HTTP proxy on loopback that records what passes through it, as a corporate
 * proxy would see it: the target of every request and whether it carried a bearer token.
 * Replies stream through untouched (SSE included).
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
	method: string;
	url: string;
	bearer: boolean;
}

export class RecordingProxy {
	readonly seen: ProxiedRequest[] = [];

	private constructor(private readonly server: Server) {}

	static async start(): Promise<RecordingProxy> {
		let proxy: RecordingProxy | undefined;
		const server = createServer((req, res) => {
			proxy!.seen.push({ method: req.method ?? '', url: req.url ?? '', bearer: /^Bearer /i.test(req.headers.authorization ?? '') });
			// a forward proxy gets the absolute URL in the request line
			const target = new URL(req.url ?? '/');
			const upstream = request(target, { method: req.method, headers: req.headers }, (reply) => {
				res.writeHead(reply.statusCode ?? 502, reply.headers);
				reply.pipe(res);
			});
			upstream.on('error', () => res.writeHead(502).end('proxy: upstream failed'));
			req.pipe(upstream);
		});
		proxy = new RecordingProxy(server);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return proxy;
	}

	get url(): string {
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	/** Requests that went to `host` (host:port). */
	to(host: string): ProxiedRequest[] {
		return this.seen.filter((r) => r.url.startsWith(`http://${host}/`));
	}

	async stop(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise((resolve) => this.server.close(resolve));
	}
}

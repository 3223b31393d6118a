/**
 * A server on another origin than the hub, which only counts what reaches it: proof that
 * the token was never sent there (a redirect or a status endpoint pointing away from the hub).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Elsewhere {
	origin: string;
	requests(): number;
	close(): Promise<void>;
}

export async function startElsewhere(): Promise<Elsewhere> {
	let requests = 0;
	const server = createServer((_req, res) => {
		requests++;
		res.writeHead(500).end();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		requests: () => requests,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

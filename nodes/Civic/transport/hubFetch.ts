import { setMaxListeners } from 'node:events';
import type * as Undici from 'undici';
import { ForeignOriginError, HubHttpError } from './hubErrors';

/**
 * Each request in flight links one listener to the execution's and the session's signal;
 * with Parallel Calls at its maximum (32) that is more than Node's default warning limit.
 */
export const MAX_LINKED_REQUESTS = 64;
const MAX_REDIRECTS = 5;
/** Statuses that send the same request elsewhere; 301/302/303 turn a POST into a GET. */
const KEEPS_METHOD = new Set([307, 308]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

type Fetch = (url: URL, init: RequestInit) => Promise<Response>;
let chosenFetch: Fetch | undefined;

/**
 * Hub requests go the way n8n's own requests go: through HTTP_PROXY / HTTPS_PROXY unless
 * NO_PROXY names the host (Node's own fetch ignores all three), with Node's TLS settings
 * (NODE_EXTRA_CA_CERTS) as they are. Read once per process, as n8n reads them at start.
 * Without a proxy Node's own fetch is used: it costs less CPU per request (measured with
 * `npm run bench`) than undici's proxy-aware agent.
 */
function fetchForThisProcess(): Fetch {
	if (chosenFetch) return chosenFetch;
	const env = process.env;
	if (!(env.HTTP_PROXY || env.http_proxy || env.HTTPS_PROXY || env.https_proxy)) return (chosenFetch = fetch);
	// loaded only here: it adds a tenth of a second to n8n's start for everyone else
	const undici = require('undici') as typeof Undici;
	// http:// targets go to the proxy as absolute URLs, as curl and n8n's HTTP helpers send them;
	// https:// ones through a CONNECT tunnel
	const dispatcher = new undici.EnvHttpProxyAgent({ proxyTunnel: false });
	return (chosenFetch = (url, init) =>
		undici.fetch(url, { ...(init as Parameters<typeof undici.fetch>[1]), dispatcher }) as unknown as Promise<Response>);
}

/**
 * fetch for the SDK transport and Civic's job status endpoint:
 * - a failed POST becomes a HubHttpError carrying the status, the hub's explanation and
 *   Retry-After, which the SDK's own error would drop;
 * - a redirect is followed on the hub's own origin (307/308 with the same request), and
 *   refused, without sending anything, when it points elsewhere: the token goes only to the hub;
 * - a broken event in an SSE reply fails that request at once instead of leaving it to time out;
 * - each request gets a child signal, unlinked when its body ends: the transport gives every
 *   request its one session-long signal, and fetch would leave a listener on it per request.
 */
export const hubFetch: typeof fetch = async (input, init) => {
	const parent = init?.signal ?? undefined;
	const child = new AbortController();
	const forward = () => child.abort(parent?.reason);
	const unlink = () => parent?.removeEventListener('abort', forward);
	if (parent) setMaxListeners(MAX_LINKED_REQUESTS, parent);
	if (parent?.aborted) forward();
	else parent?.addEventListener('abort', forward, { once: true });

	let response: Response;
	try {
		response = await fetchFollowingSameOrigin(new URL(String(input instanceof Request ? input.url : input)), {
			...init,
			signal: child.signal,
		});
	} catch (error) {
		unlink();
		throw error;
	}
	if (!response.ok && init?.method === 'POST') {
		unlink();
		throw await HubHttpError.from(response);
	}
	if (!response.body) {
		unlink();
		return response;
	}
	let body = response.body.pipeThrough(new TransformStream({ flush: unlink }));
	const requestId = init?.method === 'POST' ? jsonRpcId(init.body) : undefined;
	if (requestId !== undefined && response.headers.get('content-type')?.includes('text/event-stream')) {
		body = body.pipeThrough(sseGuard(requestId, unlink));
	}
	return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
};

async function fetchFollowingSameOrigin(url: URL, init: RequestInit): Promise<Response> {
	for (let hops = 0; ; hops++) {
		const response = await fetchForThisProcess()(url, { ...init, redirect: 'manual' });
		if (!REDIRECTS.has(response.status)) return response;
		await response.body?.cancel().catch(() => undefined);
		const location = response.headers.get('location');
		if (!location) throw new HubHttpError(response.status, 'a redirect without a Location');
		const target = new URL(location, url);
		if (target.origin !== url.origin) throw new ForeignOriginError(target.origin + target.pathname, url.origin, 'redirect');
		const method = (init.method ?? 'GET').toUpperCase();
		if (method !== 'GET' && method !== 'HEAD' && !KEEPS_METHOD.has(response.status)) {
			throw new HubHttpError(response.status, `moved to ${target.pathname}: set the Hub URL to ${target.origin}${target.pathname}`);
		}
		if (hops >= MAX_REDIRECTS) throw new HubHttpError(response.status, `more than ${MAX_REDIRECTS} redirects`);
		url = target;
	}
}

/** The id of a single JSON-RPC request (the SDK sends one message per POST); undefined for a notification. */
function jsonRpcId(body: unknown): string | number | undefined {
	if (typeof body !== 'string') return undefined;
	try {
		const id = (JSON.parse(body) as { id?: unknown }).id;
		return typeof id === 'string' || typeof id === 'number' ? id : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The SDK drops an SSE event it cannot parse and keeps waiting for the reply that will never
 * come. This passes events through unchanged and, at the first broken one, answers the
 * request itself with a JSON-RPC parse error (-32700) and ends the stream.
 */
function sseGuard(requestId: string | number, onEnd: () => void): TransformStream<Uint8Array, Uint8Array> {
	const decoder = new TextDecoder();
	const encoder = new TextEncoder();
	let pending = '';
	return new TransformStream({
		transform(chunk, controller) {
			pending += decoder.decode(chunk, { stream: true });
			const events = pending.split(/\r?\n\r?\n/);
			pending = events.pop() ?? '';
			for (const event of events) {
				if (isBroken(event)) {
					controller.enqueue(encoder.encode(parseErrorEvent(requestId)));
					controller.terminate();
					onEnd();
					return;
				}
				controller.enqueue(encoder.encode(`${event}\n\n`));
			}
		},
		flush(controller) {
			pending += decoder.decode();
			if (!pending.trim()) return;
			controller.enqueue(encoder.encode(isBroken(pending) ? parseErrorEvent(requestId) : pending));
		},
	});
}

function isBroken(event: string): boolean {
	const data = event
		.split(/\r?\n/)
		.filter((line) => line.startsWith('data:'))
		.map((line) => line.slice(5).replace(/^ /, ''))
		.join('\n');
	if (!data) return false;
	try {
		JSON.parse(data);
		return false;
	} catch {
		return true;
	}
}

function parseErrorEvent(id: string | number): string {
	const error = { code: -32700, message: 'The Civic hub sent an event that is not valid JSON' };
	return `event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', id, error })}\n\n`;
}

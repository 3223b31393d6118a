import * as http from 'node:http';
import * as https from 'node:https';
import type { Readable } from 'node:stream';
import type * as Undici from 'undici';
import { hubAgents, IDLE_SOCKET_MS } from './hubConnections';
import { ForeignOriginError, HubHttpError, ReplyTooLargeError } from './hubErrors';

const MAX_REDIRECTS = 5;
/** Statuses that send the same request elsewhere; 301/302/303 turn a POST into a GET. */
const KEEPS_METHOD = new Set([307, 308]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export interface HubRequest {
	method: 'GET' | 'HEAD' | 'POST' | 'DELETE';
	headers: Record<string, string>;
	body?: string;
	signal?: AbortSignal;
	/** Called once the request has left for the hub, when its reply is the next thing to wait for. */
	onSent?: () => void;
}

export interface HubReply {
	status: number;
	/** A header of the reply, by lower-case name. */
	header(name: string): string | undefined;
	body: Readable;
}

type Send = (url: URL, request: HubRequest) => Promise<HubReply>;
let chosenSend: Send | undefined;

/**
 * One HTTP request to the hub, on kept-alive connections, with redirects followed only on
 * the hub's own origin: a redirect elsewhere is refused without sending anything, because
 * the token goes only to the hub.
 *
 * node:http rather than fetch: the bench measured fetch's Request, Response and web
 * streams at more than twice the CPU per call.
 */
export async function hubRequest(url: URL, request: HubRequest): Promise<HubReply> {
	for (let hops = 0; ; hops++) {
		const reply = await sendForThisProcess()(url, request);
		if (!REDIRECTS.has(reply.status)) return reply;
		reply.body.destroy();
		const location = reply.header('location');
		if (!location) throw new HubHttpError(reply.status, 'a redirect without a Location');
		const target = new URL(location, url);
		if (target.origin !== url.origin) throw new ForeignOriginError(target.origin + target.pathname, url.origin, 'redirect');
		if (request.method !== 'GET' && request.method !== 'HEAD' && !KEEPS_METHOD.has(reply.status)) {
			throw new HubHttpError(reply.status, `moved to ${target.pathname}: set the Hub URL to ${target.origin}${target.pathname}`);
		}
		if (hops >= MAX_REDIRECTS) throw new HubHttpError(reply.status, `more than ${MAX_REDIRECTS} redirects`);
		url = target;
	}
}

const DEFAULT_MAX_REPLY_MB = 64;
/** An error reply is read this far: its explanation is at the start, and the status is the error. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * The most of one reply the node reads: CIVIC_MAX_REPLY_MB in n8n's environment, 64 MB by
 * default (room for a file a tool sends as base64). A larger reply fails its request with
 * an error that names the limit, instead of growing n8n's memory without bound.
 */
export function maxReplyBytes(): number {
	const mb = Number(process.env.CIVIC_MAX_REPLY_MB);
	return (Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_REPLY_MB) * 1024 * 1024;
}

/** Reads a whole reply body as text; more than `limit` bytes fails with ReplyTooLargeError naming `from`. */
export async function readText(body: Readable, limit = maxReplyBytes(), from = 'the Civic hub'): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of body) {
		size += (chunk as Buffer).length;
		if (size > limit) {
			body.destroy();
			throw new ReplyTooLargeError(limit, from);
		}
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}

/** The start of an error reply, up to MAX_ERROR_BODY_BYTES; the rest is not read. */
export async function readErrorBody(body: Readable): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of body) {
		chunks.push(chunk as Buffer);
		size += (chunk as Buffer).length;
		if (size >= MAX_ERROR_BODY_BYTES) {
			body.destroy();
			break;
		}
	}
	return Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY_BYTES).toString('utf8');
}

/**
 * Hub requests go the way n8n's own requests go: through HTTP_PROXY / HTTPS_PROXY unless
 * NO_PROXY names the host, with Node's TLS settings (NODE_EXTRA_CA_CERTS) as they are.
 * Read once per process, as n8n reads them at start.
 */
function sendForThisProcess(): Send {
	if (chosenSend) return chosenSend;
	const env = process.env;
	const proxied = env.HTTP_PROXY || env.http_proxy || env.HTTPS_PROXY || env.https_proxy;
	return (chosenSend = proxied ? viaProxy() : direct());
}

function direct(): Send {
	const agents = hubAgents();
	return (url, request) =>
		new Promise((resolve, reject) => {
			const lib = url.protocol === 'https:' ? https : http;
			const req = lib.request(url, {
				method: request.method,
				headers: request.body === undefined ? request.headers : { ...request.headers, 'content-length': Buffer.byteLength(request.body) },
				agent: agents[url.protocol as 'http:' | 'https:'],
			});
			// the signal is followed by hand, and only while the request lasts: node:http would keep
			// listening after the reply, and a late abort (a session closing) would destroy a socket
			// the agent has taken back, with nobody left to hear its error
			const { signal } = request;
			let response: http.IncomingMessage | undefined;
			// once the reply has come, it is the reply that is cut: a reply read to its end has given
			// its socket back to the agent, which the reply leaves alone and the request would not
			const onAbort = () => (response ? response.destroy(aborted()) : req.destroy(aborted()));
			if (signal?.aborted) onAbort();
			signal?.addEventListener('abort', onAbort, { once: true });
			req.once('close', () => signal?.removeEventListener('abort', onAbort));
			// one listener for the request's whole life: a failure after the headers belongs to the body,
			// which its reader sees; an error nobody listens for (a request cut when its session closes)
			// would crash n8n
			req.on('error', (error) => (response ? response.destroy(error) : reject(error)));
			if (request.onSent) req.once('finish', request.onSent);
			req.once('response', (res) => {
				response = res;
				res.on('error', () => undefined);
				resolve({ status: res.statusCode ?? 0, header: (name) => single(res.headers[name]), body: res });
			});
			req.end(request.body);
		});
}

/**
 * undici's EnvHttpProxyAgent: http:// targets go to the proxy as absolute URLs, as curl and
 * n8n's HTTP helpers send them; https:// ones through a CONNECT tunnel. Loaded only here: it
 * adds a tenth of a second to n8n's start for everyone else.
 */
function viaProxy(): Send {
	const undici = require('undici') as typeof Undici;
	const dispatcher = new undici.EnvHttpProxyAgent({ proxyTunnel: false, keepAliveTimeout: IDLE_SOCKET_MS });
	return async (url, request) => {
		// undici says nothing when the bytes are out: the next turn of the event loop is near enough
		if (request.onSent) setImmediate(request.onSent);
		const reply = await undici.request(url, {
			method: request.method,
			headers: request.headers,
			body: request.body,
			signal: request.signal,
			dispatcher,
		});
		return { status: reply.statusCode, header: (name) => single(reply.headers[name]), body: reply.body };
	};
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** What node:http throws for an aborted request, so that callers see the same error as before. */
function aborted(): Error {
	return Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
}

import { setMaxListeners } from 'node:events';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { HubAccess } from './hubAccess';
import { HubHttpError, ReplyLostError, ReplyTooLargeError, TokenExpiredError } from './hubErrors';
import { openConnectionsAhead } from './hubConnections';
import { hubRequest, maxReplyBytes, readErrorBody, readText, type HubReply } from './hubHttp';
import { sleep } from './retry';

/** A hub that pauses one call's stream more often than this is not letting it finish. */
const MAX_RESUMPTIONS = 10;
/** When the hub gives no `retry` hint: the first wait before resuming, doubled each time. */
const RESUME_BACKOFF_MS = 500;
/**
 * A session is not ended (DELETE) with a token this close to its expiry: the hub would refuse
 * it (401) on arrival, and a refused goodbye is a request sent with an expired token.
 */
const DELETE_BEFORE_EXPIRY_MS = 1_000;

/** What a session does while its handshake's reply is on the way (see HubClientOptions). */
export interface HandshakeWait {
	/** CPU work a cold start needs anyway. */
	work?: () => void;
	/** Requests the session will run at once: the connections beyond the handshake's are opened. */
	connections?: number;
}

/**
 * MCP's Streamable HTTP, client side, as the hub needs it: every message is a POST that the
 * hub answers with JSON or an SSE stream. It plugs into the SDK's Client as its `Transport`
 * (the SDK's extension point) and does less than the SDK's own transport, on purpose:
 * - no standing GET stream: the node never waits for messages the hub starts, and that
 *   request would cost every new session a round trip;
 * - plain node:http bodies instead of fetch and web streams (the bench's CPU profile);
 * - a request the SDK gives up on (timeout, cancel) has its connection closed: on a session
 *   kept for hours, unanswered requests would otherwise pile up;
 * - a failed POST rejects with the status, the hub's explanation and Retry-After;
 * - a request's `send` settles when its reply has arrived, so a stream that breaks or ends
 *   before the reply fails that request at once instead of leaving it to time out;
 * - a broken event in an SSE reply answers the request with a JSON-RPC parse error (-32700);
 * - a stream the hub closes before the answer after sending an event id is resumed with GET
 *   and Last-Event-ID (MCP 2025-11-25, SEP-1699), after its `retry` hint: the POST, and so
 *   the tool, is never repeated. A stream closed with no event id cannot be resumed, and a
 *   resumption the hub refuses (404: it forgot the session) is a lost reply, never a reason
 *   to send the call again on a new session;
 * - SSE is read line by line, each byte once, and no reply is read beyond maxReplyBytes;
 * - nothing is sent with a token past its known expiry, and a session whose token is about
 *   to expire is left to the hub rather than ended with a request it would refuse;
 * - while the handshake's reply is on the way, a session of parallel calls opens the
 *   connections they will need (see hubConnections).
 */
export class HubTransport implements Transport {
	onclose?: () => void;
	onerror?: (error: Error) => void;
	onmessage?: (message: JSONRPCMessage) => void;
	sessionId?: string;
	private protocolVersion?: string;
	/** Ends with the session: notifications and the DELETE. */
	private readonly session = new AbortController();
	private readonly inFlight = new Map<RequestId, AbortController>();

	private readonly url: URL;

	constructor(
		private readonly access: HubAccess,
		private readonly handshake: HandshakeWait = {},
	) {
		this.url = access.url;
		// each notification in flight links to this signal and unlinks when it ends; a kept session
		// is shared by every execution of the process, so how many are in flight has no fixed bound
		setMaxListeners(0, this.session.signal);
	}

	async start(): Promise<void> {}

	setProtocolVersion(version: string): void {
		this.protocolVersion = version;
	}

	async send(message: JSONRPCMessage): Promise<void> {
		const id = 'id' in message && !('result' in message || 'error' in message) ? message.id : undefined;
		if ('method' in message && message.method === 'notifications/cancelled') this.cut(message.params?.requestId);
		// a request can be cut alone (its timeout, the Stop button); everything else ends with the session
		if (id === undefined) {
			const posted = this.post(message, undefined, this.session.signal);
			// `initialized` only tells the hub the client is ready, and the hub answers it with an
			// empty 202: the session's first call need not wait a round trip for that. A failure
			// still reaches the client as a transport error.
			if ('method' in message && message.method === 'notifications/initialized') {
				posted.catch((error: Error) => this.onerror?.(error));
				return;
			}
			return posted;
		}
		const request = new AbortController();
		this.inFlight.set(id, request);
		try {
			await this.post(message, id, request.signal);
		} finally {
			this.inFlight.delete(id);
		}
	}

	private async post(message: JSONRPCMessage, id: RequestId | undefined, signal: AbortSignal): Promise<void> {
		const reply = await hubRequest(this.url, {
			method: 'POST',
			headers: this.headers({ 'content-type': 'application/json', accept: 'application/json, text/event-stream' }),
			body: JSON.stringify(message),
			signal,
			onSent: 'method' in message && message.method === 'initialize' ? () => this.whileHandshaking() : undefined,
		});
		this.sessionId = reply.header('mcp-session-id') ?? this.sessionId;
		if (reply.status < 200 || reply.status >= 300) throw await httpError(reply);
		if (reply.status === 202 || id === undefined) {
			reply.body.resume();
			return;
		}
		const type = reply.header('content-type') ?? '';
		let answered = false;
		const deliver = (incoming: JSONRPCMessage) => {
			if ('id' in incoming && incoming.id === id && !('method' in incoming)) answered = true;
			this.onmessage?.(incoming);
		};
		if (type.includes('text/event-stream')) {
			await this.readUntilAnswered(reply, id, deliver, () => answered, signal);
		} else if (type.includes('application/json')) {
			// a single JSON reply is held whole anyway: it is read to the cap, then parsed
			const data = JSON.parse(await readText(reply.body)) as JSONRPCMessage | JSONRPCMessage[];
			for (const incoming of Array.isArray(data) ? data : [data]) deliver(incoming);
		} else {
			reply.body.resume();
			throw new HubHttpError(reply.status, `an unexpected reply (${type || 'no content type'}) instead of MCP`);
		}
		if (!answered) throw new HubHttpError(reply.status, 'a reply that ended without an answer to the request');
	}

	/**
	 * Reads a request's event stream, and the streams that resume it when the hub closes
	 * it early: each GET asks for what came after the last event id seen, on the session.
	 */
	private async readUntilAnswered(
		first: HubReply,
		id: RequestId,
		deliver: (message: JSONRPCMessage) => void,
		answered: () => boolean,
		signal: AbortSignal,
	): Promise<void> {
		const cursor: StreamCursor = { bytes: 0 };
		let reply = first;
		for (let resumed = 0; ; resumed++) {
			try {
				// a resumed stream is the session's GET, which the hub may keep open after the answer
				await readEvents(reply.body, id, deliver, cursor, resumed > 0 ? answered : undefined);
			} catch (error) {
				// a stream cut after its answer lost nothing
				if (!answered()) throw error;
			}
			if (answered() || cursor.lastEventId === undefined || signal.aborted) return;
			if (resumed === MAX_RESUMPTIONS) {
				throw new HubHttpError(first.status, `a stream the hub closed ${MAX_RESUMPTIONS + 1} times before its answer`);
			}
			await sleep(cursor.retryMs ?? RESUME_BACKOFF_MS * 2 ** resumed, signal);
			reply = await this.resume(cursor.lastEventId, signal);
		}
	}

	/**
	 * The GET that picks a paused stream up again. The call has reached the hub by now: if the
	 * hub refuses to resume (it forgot the session), the reply is lost, and the call must not be
	 * made again on a new session, which would run the tool twice.
	 */
	private async resume(lastEventId: string, signal: AbortSignal): Promise<HubReply> {
		const reply = await hubRequest(this.url, {
			method: 'GET',
			headers: this.headers({ accept: 'text/event-stream', 'last-event-id': lastEventId }),
			signal,
		});
		if (reply.status >= 200 && reply.status < 300) return reply;
		const refused = await httpError(reply);
		throw new ReplyLostError(refused.status, refused.hubMessage);
	}

	/** The client's idle moment: the handshake has left and its reply is a round trip away. */
	private whileHandshaking(): void {
		const { connections = 1, work } = this.handshake;
		if (connections > 1) openConnectionsAhead(this.url, connections - 1);
		work?.();
	}

	/**
	 * Ends the session on the hub (DELETE). A hub that does not support it (405) is fine. A
	 * token about to expire sends nothing: the hub forgets an idle session by itself.
	 */
	async terminateSession(): Promise<void> {
		if (!this.sessionId) return;
		const { expiresAt } = this.access;
		if (expiresAt !== undefined && Date.now() >= expiresAt - DELETE_BEFORE_EXPIRY_MS) return;
		const reply = await hubRequest(this.url, { method: 'DELETE', headers: this.headers({}), signal: this.session.signal });
		if (reply.status >= 300 && reply.status !== 405) throw await httpError(reply);
		// read to its end: a reply still open when close() aborts the session would be cut, its
		// connection thrown away rather than kept, at the cost of an error built for nothing
		await readErrorBody(reply.body);
		this.sessionId = undefined;
	}

	/** Cuts every request still in flight. */
	async close(): Promise<void> {
		this.session.abort();
		for (const request of this.inFlight.values()) request.abort();
		this.onclose?.();
	}

	/**
	 * The SDK gives up on a request (timeout, cancel) by telling the hub so; the connection
	 * that still waits for its reply is closed too, or a kept session would collect them.
	 */
	private cut(requestId: unknown): void {
		if (typeof requestId === 'string' || typeof requestId === 'number') this.inFlight.get(requestId)?.abort();
	}

	/** Every request's headers; a token past its expiry is not sent at all (the hub would answer 401). */
	private headers(extra: Record<string, string>): Record<string, string> {
		const { expiresAt } = this.access;
		if (expiresAt !== undefined && Date.now() >= expiresAt) throw new TokenExpiredError(expiresAt);
		const headers: Record<string, string> = { ...this.access.headers, ...extra, authorization: `Bearer ${this.access.token}` };
		if (this.sessionId) headers['mcp-session-id'] = this.sessionId;
		if (this.protocolVersion) headers['mcp-protocol-version'] = this.protocolVersion;
		return headers;
	}
}

async function httpError(reply: HubReply): Promise<HubHttpError> {
	const body = await readErrorBody(reply.body).catch(() => '');
	return HubHttpError.fromReply(reply.status, body, reply.header('www-authenticate'), reply.header('retry-after'));
}

/** Where a stream stands, for resuming it: the last event id, the hub's `retry` hint, bytes read. */
interface StreamCursor {
	lastEventId?: string;
	retryMs?: number;
	bytes: number;
}

/** The event being read: its data lines and its type. */
interface PendingEvent {
	data: string[];
	type: string;
}

/**
 * Reads an SSE reply event by event and hands each message on as it arrives (progress
 * notifications must arrive while the tool runs). Lines are cut from each chunk as it comes,
 * so a huge event costs its size once, not once per chunk. The SDK would drop an event it
 * cannot parse and keep waiting for a reply that never comes; here the first broken event
 * answers the request with a parse error and ends the stream.
 */
async function readEvents(
	body: Readable,
	requestId: string | number,
	deliver: (message: JSONRPCMessage) => void,
	cursor: StreamCursor,
	/** When given, reading stops (and the stream is closed) as soon as this holds. */
	doneWhen?: () => boolean,
): Promise<void> {
	const limit = maxReplyBytes();
	const decoder = new StringDecoder('utf8');
	let event: PendingEvent = { data: [], type: 'message' };
	/** Ends the event at a blank line; false when reading must stop. */
	const dispatch = (): boolean => {
		const { data, type } = event;
		event = { data: [], type: 'message' };
		const text = data.join('\n');
		// no data (a comment, a retry hint, the empty "priming" event) or another type: no message
		if (type !== 'message' || !text.trim()) return true;
		let message: JSONRPCMessage;
		try {
			message = JSON.parse(text) as JSONRPCMessage;
		} catch {
			deliver({ jsonrpc: '2.0', id: requestId, error: { code: -32700, message: 'The Civic hub sent an event that is not valid JSON' } });
			return false;
		}
		deliver(message);
		return !doneWhen?.();
	};
	let partial = '';
	for await (const chunk of body) {
		cursor.bytes += (chunk as Buffer).length;
		if (cursor.bytes > limit) {
			body.destroy();
			throw new ReplyTooLargeError(limit, 'the Civic hub');
		}
		const text = decoder.write(chunk as Buffer);
		let start = 0;
		for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
			let line = partial + text.slice(start, end);
			partial = '';
			start = end + 1;
			if (line.endsWith('\r')) line = line.slice(0, -1);
			if (line === '' ? !dispatch() : (readField(line, event, cursor), false)) {
				body.destroy();
				return;
			}
		}
		partial += text.slice(start);
	}
	partial += decoder.end();
	if (partial) readField(partial, event, cursor);
	dispatch();
}

/** One `field: value` line of an event; `id` and `retry` go to the cursor, whether the event carries a message or not. */
function readField(line: string, event: PendingEvent, cursor: StreamCursor): void {
	const colon = line.indexOf(':');
	if (colon <= 0) return;
	const field = line.slice(0, colon);
	const value = line.charCodeAt(colon + 1) === 32 ? line.slice(colon + 2) : line.slice(colon + 1);
	if (field === 'data') event.data.push(value);
	else if (field === 'event') event.type = value;
	else if (field === 'id' && !value.includes('\0')) cursor.lastEventId = value || undefined;
	else if (field === 'retry' && /^\d+$/.test(value)) cursor.retryMs = Number(value);
}

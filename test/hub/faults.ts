/**
 * Fault switches: what a network or a struggling hub does to a request. Tests arm a fault
 * for the next N requests of a JSON-RPC method (and tool), and the hub plays it out.
 */
export type Fault =
	/** Reply with this HTTP status (HTML body for 5xx, as proxies do). */
	| { kind: 'status'; status: number; retryAfterSeconds?: number; body?: string }
	/** Close the connection without a reply: before the request is handled, or after the tool ran. */
	| { kind: 'drop'; after?: boolean }
	/** Accept the request and never answer. */
	| { kind: 'hang' }
	/** Forget the request's session, as a hub restart would: the request gets 404. */
	| { kind: 'expireSession' }
	/** Answer 200 with a body that is not valid JSON (or not valid SSE). */
	| { kind: 'malformed'; format?: 'json' | 'sse' }
	/** Answer 200 with this content type and body, as a captive portal or a confused proxy does. */
	| { kind: 'oddReply'; contentType: string; body: string }
	/** Answer with a JSON-RPC error, e.g. -32602 for arguments a tool's current schema refuses. */
	| { kind: 'rpcError'; code: number; message: string };

export interface FaultMatch {
	/** HTTP method, e.g. `DELETE`; any when left out. */
	httpMethod?: string;
	/** JSON-RPC method, e.g. `tools/call`; any when left out. */
	method?: string;
	/** Tool name, for `tools/call`. */
	tool?: string;
	/** How many matching requests get the fault; default 1. */
	times?: number;
}

interface ArmedFault extends FaultMatch {
	fault: Fault;
	remaining: number;
}

export class FaultSwitches {
	private armed: ArmedFault[] = [];

	arm(fault: Fault, match: FaultMatch = {}): void {
		this.armed.push({ ...match, fault, remaining: match.times ?? 1 });
	}

	clear(): void {
		this.armed = [];
	}

	/** The fault for this request, if one is armed; uses up one of its times. */
	take(httpMethod: string | undefined, method: string | undefined, tool: string | undefined): Fault | undefined {
		const hit = this.armed.find(
			(a) =>
				a.remaining > 0 &&
				(!a.httpMethod || a.httpMethod === httpMethod) &&
				(!a.method || a.method === method) &&
				(!a.tool || a.tool === tool),
		);
		if (!hit) return undefined;
		hit.remaining--;
		return hit.fault;
	}
}

const HTML_STATUS_TEXT: Record<number, string> = {
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};

export function faultBody(status: number): { contentType: string; body: string } {
	if (status === 429) {
		return {
			contentType: 'application/json',
			body: JSON.stringify({ error: 'rate_limited', error_description: 'Too many requests' }),
		};
	}
	const title = `${status} ${HTML_STATUS_TEXT[status] ?? 'Error'}`;
	return {
		contentType: 'text/html; charset=utf-8',
		body: `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>`,
	};
}

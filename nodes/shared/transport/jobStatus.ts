import { ForeignOriginError, HubHttpError } from './hubErrors';
import { hubRequest, readText, type HubReply } from './hubHttp';

/**
 * Civic's authorization-job status endpoint (`civic:rest-auth`): `GET` tells the state and
 * the page a person must open, `HEAD` the state alone. 202 = pending or waiting for the
 * person, 200 = approved, 422 = failed. It takes the hub's bearer token, so it is asked
 * only on the hub's own origin.
 */
export type JobState =
	| { state: 'waiting'; authUrl?: string }
	| { state: 'approved' }
	| { state: 'failed'; error: string };

export interface JobStatusRequest {
	pollingUrl: string;
	hubUrl: URL;
	token: string;
	method: 'GET' | 'HEAD';
	signal: AbortSignal;
}

export async function readJobStatus(request: JobStatusRequest): Promise<JobState> {
	const url = sameOriginUrl(request.pollingUrl, request.hubUrl);
	const reply = await hubRequest(url, {
		method: request.method,
		headers: { authorization: `Bearer ${request.token}`, accept: 'application/json' },
		signal: request.signal,
	});
	const body = request.method === 'GET' ? await readJson(reply) : (reply.body.resume(), {});
	if (reply.status === 200) return { state: 'approved' };
	if (reply.status === 202) return { state: 'waiting', authUrl: typeof body.authUrl === 'string' ? body.authUrl : undefined };
	if (reply.status === 422) {
		return { state: 'failed', error: typeof body.error === 'string' && body.error ? body.error : 'no reason given' };
	}
	throw new HubHttpError(reply.status, typeof body.error === 'string' ? body.error : '');
}

function sameOriginUrl(target: string, hubUrl: URL): URL {
	let url: URL;
	try {
		url = new URL(target, hubUrl);
	} catch {
		throw new ForeignOriginError(target, hubUrl.origin);
	}
	if (url.origin !== hubUrl.origin) throw new ForeignOriginError(url.host || target, hubUrl.origin);
	return url;
}

async function readJson(reply: HubReply): Promise<Record<string, unknown>> {
	const text = await readText(reply.body).catch(() => '');
	try {
		const value = JSON.parse(text) as unknown;
		return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
	} catch {
		return {};
	}
}

import type { HubClient } from '../transport/hubClient';
import { HubHttpError } from '../transport/hubErrors';
import { readText, type HubReply } from '../transport/hubHttp';

/**
 * Civic's authorization-job status endpoint (`civic:rest-auth`): `GET` tells the state and
 * the page a person must open, `HEAD` the state alone. 202 = pending or waiting for the
 * person, 200 = approved, 422 = failed. It takes the hub's bearer token, so the hub client
 * asks it only on the hub's own origin.
 */
export type JobState =
	| { state: 'waiting'; authUrl?: string }
	| { state: 'approved' }
	| { state: 'failed'; error: string };

export function readJobStatus(hub: HubClient, pollingUrl: string, method: 'GET' | 'HEAD'): Promise<JobState> {
	return hub.getOnHubOrigin(pollingUrl, method, async (reply) => {
		const body = method === 'GET' ? await readJson(reply) : (reply.body.resume(), {});
		if (reply.status === 200) return { state: 'approved' };
		if (reply.status === 202) return { state: 'waiting', authUrl: typeof body.authUrl === 'string' ? body.authUrl : undefined };
		if (reply.status === 422) {
			return { state: 'failed', error: typeof body.error === 'string' && body.error ? body.error : 'no reason given' };
		}
		throw new HubHttpError(reply.status, typeof body.error === 'string' ? body.error : '');
	});
}

/** A job's status is a few fields: a larger reply is read no further and counts as saying nothing. */
const MAX_STATUS_BYTES = 64 * 1024;

async function readJson(reply: HubReply): Promise<Record<string, unknown>> {
	const text = await readText(reply.body, MAX_STATUS_BYTES, "Civic's authorization status endpoint").catch(() => '');
	try {
		const value = JSON.parse(text) as unknown;
		return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
	} catch {
		return {};
	}
}

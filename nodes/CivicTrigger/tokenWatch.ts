import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import { expiresWithin, expiryMessage, type HubVerdict, type TokenStatus } from '../shared/token/tokenStatus';

/**
 * What the Civic Trigger remembers between polls (n8n's static data for the node): which
 * warnings it already gave for which token. A hash names the token; the token is never kept.
 */
export interface WatchMemory extends IDataObject {
	token?: string;
	announced?: string[];
}

export type TokenEvent = 'tokenExpiresSoon' | 'tokenExpired' | 'tokenRejected';

export interface WatchInput {
	token: string;
	status: TokenStatus;
	daysBefore: number;
	/** Only when the trigger asks the hub. */
	verdict?: HubVerdict;
	credentialName?: string;
	now?: Date;
}

/**
 * The events this poll fires, once per threshold crossing: "expires soon" when the token
 * enters the window, "expired" when it has expired, "rejected" when the hub refuses it
 * (again only after it was accepted in between). A new token starts afresh.
 */
export function watchToken(memory: WatchMemory, input: WatchInput): IDataObject[] {
	const fingerprint = createHash('sha256').update(input.token).digest('hex').slice(0, 16);
	if (memory.token !== fingerprint) {
		memory.token = fingerprint;
		memory.announced = [];
	}
	const announced = new Set(memory.announced ?? []);
	const due: TokenEvent[] = [];
	const { status } = input;
	if (status.expired) due.push('tokenExpired');
	else if (expiresWithin(status, input.daysBefore, input.now)) due.push('tokenExpiresSoon');
	if (input.verdict?.accepted === false) due.push('tokenRejected');
	if (input.verdict?.accepted) announced.delete('tokenRejected');

	const fresh = due.filter((event) => !announced.has(event));
	for (const event of fresh) announced.add(event);
	// an expired token is past "soon" too: no late "expires soon" after "expired"
	if (status.expired) announced.add('tokenExpiresSoon');
	memory.announced = [...announced];
	return fresh.map((event) => eventItem(event, input));
}

export function eventItem(event: TokenEvent | 'tokenStatus', input: WatchInput): IDataObject {
	const { status, verdict, credentialName } = input;
	const where = credentialName ? `the Civic API credential "${credentialName}"` : 'the Civic API credential';
	const said = verdict?.accepted === false ? `The hub refused it: ${verdict.reason}. ` : '';
	return {
		event,
		...status,
		...(verdict ? { hubAccepts: verdict.accepted } : {}),
		credential: credentialName ?? null,
		message: `${expiryMessage(status)} ${said}Generate a new one on app.civic.com (Tools → Install → "${status.profile}" → Install) and paste it into ${where}.`,
	};
}

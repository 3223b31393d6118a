import type { INodeProperties } from 'n8n-workflow';

/** What a person can reasonably finish in one sitting: sign in, consent, come back. */
export const MAX_AUTHORIZATION_WAIT_S = 900;

/** The options every node that calls tools offers alike (Run Tool, the Civic Toolkit). */
export const RETRIES_OPTION: INodeProperties = {
	displayName: 'Retries',
	name: 'retries',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 10 },
	default: 3,
	description:
		'How often to retry after a rate limit (429), a gateway error (502/503/504) or a dropped connection. A tool call is repeated only if it surely did not reach the tool, or the tool is marked idempotent.',
};

export const TIMEOUT_OPTION: INodeProperties = {
	displayName: 'Timeout (Seconds)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 60,
	description: 'How long one request may wait for the hub before it is cancelled',
};

/** `thenWhat`: what happens when nobody authorized in time (the item fails; the model is told). */
export function authorizationWaitOption(thenWhat: string): INodeProperties {
	return {
		displayName: 'Wait for Authorization (Seconds)',
		name: 'authorizationWait',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_AUTHORIZATION_WAIT_S },
		default: 0,
		description: `When a tool's service is not yet authorized for the profile, how long to wait for a person to authorize it (the URL is in the log and the execution's hints) ${thenWhat}`,
	};
}

import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { CIVIC_CREDENTIAL_TYPE, readCredentials } from '../shared/credentials/civicApiCredential';
import { describeHubError } from '../shared/transport/hubErrors';
import { askHubAboutToken, CHECK_TIMEOUT_MS, tokenStatus, type HubVerdict } from '../shared/token/tokenStatus';
import { eventItem, watchToken, type WatchMemory } from './tokenWatch';
import { checkConnection, connectionItem, watchConnection } from './connectionWatch';
import { CIVIC_OAUTH2_CREDENTIAL_TYPE } from '../shared/credentials/civicOAuth2Credential';

/**
 * Civic tokens die after at most 30 days without a warning; this trigger is the warning.
 * It reads the token's expiry locally on every poll and fires once per threshold crossing.
 */
export class CivicTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Civic Trigger',
		name: 'civicTrigger',
		icon: { light: 'file:civic.svg', dark: 'file:civic.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Token Expires Soon',
		// n8n's nodes panel shows the trigger's description for the Civic entry as a whole
		// (actions and trigger together), so it says what Civic does first, then what the trigger does.
		description:
			"Run the tools of your Civic profile. This trigger fires before a credential's Civic token expires, when it has expired, and when the hub refuses it (a Civic OAuth2 sign-in renews itself: only its refusal fires)",
		defaults: { name: 'Civic Trigger' },
		polling: true,
		inputs: [],
		outputs: ['main'],
		credentials: [
			{ name: CIVIC_CREDENTIAL_TYPE, required: true, displayOptions: { show: { authentication: [CIVIC_CREDENTIAL_TYPE] } } },
			{ name: CIVIC_OAUTH2_CREDENTIAL_TYPE, required: true, displayOptions: { show: { authentication: [CIVIC_OAUTH2_CREDENTIAL_TYPE] } } },
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				noDataExpression: true,
				default: 'civicApi',
				options: [
					{ name: 'Civic API (Token)', value: 'civicApi', description: 'Watch a pasted token: it dies within 30 days' },
					{
						name: 'Civic OAuth2 (Renews Itself)',
						value: 'civicOAuth2Api',
						description: 'Watch a Civic sign-in: it renews itself while it works, so only a refusal by Civic fires',
					},
				],
			},
			{
				displayName:
					'A Civic OAuth2 sign-in renews itself: there is nothing to warn about while it works. Every poll checks it with Civic and fires "Token Rejected" once Civic no longer accepts it (reconnect the credential then).',
				name: 'oauthNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { authentication: [CIVIC_OAUTH2_CREDENTIAL_TYPE] } },
			},
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				default: 'tokenExpiresSoon',
				options: [
					{
						name: 'Token Expires Soon',
						value: 'tokenExpiresSoon',
						description:
							'Once when the token comes within the days below of its expiry, once more when it has expired',
					},
				],
			},
			{
				displayName: 'Days Before Expiry',
				name: 'daysBeforeExpiry',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 30 },
				default: 5,
				description: 'How many days before the token expires to fire',
				displayOptions: { show: { authentication: [CIVIC_CREDENTIAL_TYPE] } },
			},
			{
				displayName: 'Also Ask the Hub',
				name: 'askHub',
				type: 'boolean',
				default: false,
				description:
					'Whether every poll also opens a session on the hub, so that a revoked token fires "Token Rejected" with the hub\'s reason. Off: the token is only read, no request is made.',
				displayOptions: { show: { authentication: [CIVIC_CREDENTIAL_TYPE] } },
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		if (this.getNodeParameter('authentication', CIVIC_CREDENTIAL_TYPE) === CIVIC_OAUTH2_CREDENTIAL_TYPE) {
			const verdict = await checkConnection(this);
			const name = this.getNode().credentials?.[CIVIC_OAUTH2_CREDENTIAL_TYPE]?.name ?? undefined;
			if (this.getMode() === 'manual') return [[{ json: connectionItem('tokenStatus', verdict, name) }]];
			const events = watchConnection(this.getWorkflowStaticData('node') as WatchMemory, verdict, name);
			return events.length ? [events.map((json) => ({ json }))] : null;
		}
		const credentials = readCredentials(await this.getCredentials(CIVIC_CREDENTIAL_TYPE));
		let verdict: HubVerdict | undefined;
		if (this.getNodeParameter('askHub', false) === true) {
			try {
				verdict = await askHubAboutToken(credentials);
			} catch (error) {
				const { message, description } = describeHubError(error, { ...credentials, timeoutMs: CHECK_TIMEOUT_MS });
				throw new NodeOperationError(this.getNode(), message, { description });
			}
		}
		const input = {
			token: credentials.token,
			status: tokenStatus(credentials),
			daysBefore: this.getNodeParameter('daysBeforeExpiry', 5) as number,
			verdict,
			credentialName: this.getNode().credentials?.[CIVIC_CREDENTIAL_TYPE]?.name,
		};
		// "Fetch Test Event" in the editor shows the status now, whatever was announced
		if (this.getMode() === 'manual') return [[{ json: eventItem('tokenStatus', input) }]];
		const events = watchToken(this.getWorkflowStaticData('node') as WatchMemory, input);
		return events.length ? [events.map((json) => ({ json }))] : null;
	}
}

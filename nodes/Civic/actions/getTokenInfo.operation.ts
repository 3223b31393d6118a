import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { CIVIC_APP_CREDENTIAL_TYPE } from '../../shared/credentials/civicAppCredential';
import { CIVIC_CREDENTIAL_TYPE, readCredentials } from '../../shared/credentials/civicApiCredential';
import { errorContextOf } from '../../shared/n8n/nodeAccess';
import { toNodeError } from '../../shared/n8n/nodeError';
import { askHubAboutToken, CHECK_TIMEOUT_MS, expiryMessage, tokenStatus } from '../../shared/token/tokenStatus';

export const description: INodeProperties[] = [
	{
		displayName: 'Ask the Hub',
		name: 'askHub',
		type: 'boolean',
		default: false,
		description:
			'Whether to also open a session on the hub to learn if it still accepts the token (a revoked token looks fine locally). Off: the token is only read, no request is made.',
		displayOptions: { show: { operation: ['getTokenInfo'] } },
	},
];

/** One item about the credential's token, for workflows that check on demand. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	if (this.getNodeParameter('authentication', 0, 'civicApi') === CIVIC_APP_CREDENTIAL_TYPE) {
		throw new NodeOperationError(this.getNode(), 'Get Token Info reads the token of a Civic API credential; a Civic App has none', {
			description: "A Civic App's tokens are each end user's, exchanged as each item runs and renewed before they expire: there is no token to watch.",
		});
	}
	const data = await this.getCredentials(CIVIC_CREDENTIAL_TYPE);
	try {
		const credentials = readCredentials(data);
		const status = tokenStatus(credentials);
		const json = { ...status, message: expiryMessage(status) };
		if (this.getNodeParameter('askHub', 0, false) === true) {
			const verdict = await askHubAboutToken(credentials);
			Object.assign(json, verdict.accepted ? { hubAccepts: true } : { hubAccepts: false, hubSays: verdict.reason });
		}
		return [{ json, pairedItem: { item: 0 } }];
	} catch (error) {
		throw toNodeError(this.getNode(), error, errorContextOf(data, CHECK_TIMEOUT_MS));
	}
}

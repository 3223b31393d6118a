import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { CIVIC_APP_CREDENTIAL_TYPE } from '../../shared/credentials/civicAppCredential';
import { CIVIC_CREDENTIAL_TYPE, readCredentials } from '../../shared/credentials/civicApiCredential';
import { errorContextOf, readNodeAccess } from '../../shared/n8n/nodeAccess';
import { toNodeError } from '../../shared/n8n/nodeError';
import { askHubAbout, askHubAboutToken, CHECK_TIMEOUT_MS, expiryMessage, tokenStatus } from '../../shared/token/tokenStatus';
import { formatUtc } from '../../shared/token/tokenClaims';
import { CIVIC_OAUTH2_CREDENTIAL_TYPE } from '../../shared/credentials/civicOAuth2Credential';

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
	if (this.getNodeParameter('authentication', 0, 'civicApi') === CIVIC_OAUTH2_CREDENTIAL_TYPE) return [await oauthTokenInfo(this)];
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

/**
 * A Civic OAuth2 sign-in: when its access token expires, and that it renews itself (the token
 * is renewed here when due, as a workflow would). With Ask the Hub, whether Civic accepts it.
 */
async function oauthTokenInfo(ctx: IExecuteFunctions): Promise<INodeExecutionData> {
	const access = await readNodeAccess(ctx, CHECK_TIMEOUT_MS);
	try {
		const current = await access.forItem(0);
		const json: IDataObject = {
			profile: access.errorContext.profile,
			accountId: access.errorContext.accountId,
			accessTokenExpiresAt: current.expiresAt === undefined ? null : new Date(current.expiresAt).toISOString(),
			renewsItself: true,
			message: `The Civic OAuth2 sign-in for profile "${access.errorContext.profile}" renews its access token by itself${current.expiresAt === undefined ? '' : ` (this one expires on ${formatUtc(new Date(current.expiresAt))})`}; it needs a person again only if Civic stops accepting it.`,
		};
		if (ctx.getNodeParameter('askHub', 0, false) === true) {
			const verdict = await askHubAbout(current, access.errorContext);
			Object.assign(json, verdict.accepted ? { hubAccepts: true } : { hubAccepts: false, hubSays: verdict.reason });
		}
		return { json, pairedItem: { item: 0 } };
	} catch (error) {
		throw toNodeError(ctx.getNode(), error, access.errorContext);
	}
}

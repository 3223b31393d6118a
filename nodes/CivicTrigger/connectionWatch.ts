import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { CIVIC_OAUTH2_CREDENTIAL_TYPE } from '../shared/credentials/civicOAuth2Credential';
import { toNodeError } from '../shared/n8n/nodeError';
import { readOAuthAccess } from '../shared/n8n/oauthAccess';
import { OAuthReconnectError } from '../shared/token/oauthTokens';
import { askHubAbout, CHECK_TIMEOUT_MS, type HubVerdict } from '../shared/token/tokenStatus';
import type { WatchMemory } from './tokenWatch';

/**
 * A Civic OAuth2 sign-in renews itself, so there is no expiry to warn of: the one event is
 * that Civic no longer accepts it (the renewal refused: disconnected in Civic, or its refresh
 * tokens ran out; or the hub refusing a fresh token). Each poll renews the token when due,
 * as a workflow would, and asks the hub.
 */
export async function checkConnection(ctx: IPollFunctions): Promise<HubVerdict> {
	const access = await readOAuthAccess(ctx, CHECK_TIMEOUT_MS, 0);
	try {
		const first = await access.forItem(0);
		const verdict = await askHubAbout(first, access.errorContext);
		if (verdict.accepted || verdict.httpCode !== 401) return verdict;
		// a token the hub refused before its time is renewed once, as for a workflow
		await access.renew!(first);
		return await askHubAbout(await access.forItem(0), access.errorContext);
	} catch (error) {
		const nodeError = toNodeError(ctx.getNode(), error, access.errorContext);
		if (error instanceof OAuthReconnectError) return { accepted: false, reason: `${nodeError.message}. ${nodeError.description ?? ''}`.trim(), httpCode: 400 };
		throw new NodeOperationError(ctx.getNode(), nodeError.message, { description: nodeError.description ?? undefined });
	}
}

/** "Rejected" once, and again only after the connection was accepted in between (reconnected). */
export function watchConnection(memory: WatchMemory, verdict: HubVerdict, credentialName: string | undefined): IDataObject[] {
	const announced = new Set(memory.announced ?? []);
	if (verdict.accepted) {
		announced.delete('tokenRejected');
		memory.announced = [...announced];
		return [];
	}
	if (announced.has('tokenRejected')) return [];
	memory.announced = [...announced, 'tokenRejected'];
	return [connectionItem('tokenRejected', verdict, credentialName)];
}

export function connectionItem(event: 'tokenRejected' | 'tokenStatus', verdict: HubVerdict, credentialName: string | undefined): IDataObject {
	return {
		event,
		credentialType: CIVIC_OAUTH2_CREDENTIAL_TYPE,
		credential: credentialName ?? null,
		hubAccepts: verdict.accepted,
		renewsItself: true,
		message: verdict.accepted
			? 'Civic accepts this sign-in; its access token renews itself while workflows use it.'
			: `Civic no longer accepts this sign-in: ${verdict.reason}`,
	};
}

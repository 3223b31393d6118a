import { CIVIC_OAUTH2_CREDENTIAL_TYPE, readOAuth2Credentials, type CivicOAuth2Credentials } from '../credentials/civicOAuth2Credential';
import { latestToken, oauthToken, renewDue, renewToken, type OAuthToken, type Renewal } from '../token/oauthTokens';
import type { HubAccess } from '../transport/hubAccess';
import type { HubErrorContext } from '../transport/hubErrors';
import { buildHubUrl } from '../transport/hubUrl';
import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';
import type { NodeAccess } from './access';

/** Workers of n8n 1.x renew a shared credential without a lock: each waits up to this long, at random, and looks again first. */
const QUEUE_RENEWAL_SPREAD_MS = 1_000;

type RefreshHelper = (this: unknown, credentialType: string, options?: { includeCredentialsOnRefreshOnBody?: boolean }) => Promise<unknown>;

/** What is needed of a context: executions, the editor, and the Civic Trigger's polls alike. */
export interface OAuthContext {
	getCredentials(type: string, itemIndex?: number): Promise<ICredentialDataDecryptedObject>;
	getNode(): INode;
	helpers: object;
}

/**
 * One person signed in with Civic Auth (the Civic OAuth2 credential). The access token is
 * renewed before it expires, through n8n's own refresh (which saves the rotated refresh
 * token), once for every item and execution of the process that needs it; a token the hub
 * refuses all the same is renewed once and the work run again (a 401 ran nothing).
 */
export async function readOAuthAccess(ctx: OAuthContext, timeoutMs: number, itemIndex: number): Promise<NodeAccess> {
	const data = await ctx.getCredentials(CIVIC_OAUTH2_CREDENTIAL_TYPE, itemIndex);
	const stored = ctx.getNode().credentials?.[CIVIC_OAUTH2_CREDENTIAL_TYPE];
	const helper = (ctx.helpers as { refreshOAuth2Token?: RefreshHelper }).refreshOAuth2Token;
	const renewal: Renewal = {
		credentialId: stored?.id ?? `unsaved:${String(data.clientId ?? '')}`,
		credentialName: stored?.name ?? 'Civic OAuth2',
		// the public client's ID (and a confidential client's secret) ride in the refresh's body, as OAuth 2.1 asks of public clients
		refresh: helper && (() => helper.call(ctx, CIVIC_OAUTH2_CREDENTIAL_TYPE, { includeCredentialsOnRefreshOnBody: true })),
		read: async () => oauthToken(readOAuth2Credentials(await ctx.getCredentials(CIVIC_OAUTH2_CREDENTIAL_TYPE, itemIndex)).accessToken),
		spreadMs: process.env.EXECUTIONS_MODE === 'queue' ? QUEUE_RENEWAL_SPREAD_MS : 0,
	};
	let credentials: CivicOAuth2Credentials | undefined;
	let current: OAuthToken | undefined;
	const seen = new Set<string>();
	const errorContext: HubErrorContext = {
		hubUrl: String(data.hubUrl ?? ''),
		profile: String(data.profile ?? ''),
		accountId: String(data.accountId ?? ''),
		token: '',
		timeoutMs,
		// every access token this run held, and the credential's refresh token and secret
		get secrets() {
			return [...(credentials?.secrets ?? []), ...seen];
		},
	};
	const use = (token: OAuthToken): HubAccess => {
		current = token;
		seen.add(token.token);
		return { url: buildHubUrl(credentials!.hub), token: token.token, expiresAt: token.expiresAt, renewable: true };
	};
	return {
		perUser: false,
		errorContext,
		errorContextFor: () => errorContext,
		forItem: async () => {
			credentials ??= readOAuth2Credentials(data);
			const token = current ?? latestToken(renewal.credentialId, oauthToken(credentials.accessToken));
			seen.add(token.token);
			return use(renewDue(token) ? await renewToken(renewal, token.token) : token);
		},
		renew: async (refused) => {
			use(await renewToken(renewal, refused.token));
		},
	};
}

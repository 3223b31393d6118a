import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { userHubToken } from '../token/exchangedTokens';
import { inspectToken } from '../token/tokenClaims';
import type { UserTokenType } from '../token/tokenExchange';
import { CIVIC_APP_CREDENTIAL_TYPE, profileHeaders, readAppCredentials, type CivicAppCredentials } from '../credentials/civicAppCredential';
import { CIVIC_CREDENTIAL_TYPE, cleanToken, DEFAULT_HUB_URL, readCredentials } from '../credentials/civicApiCredential';
import { tokenAccess, type HubAccess } from '../transport/hubAccess';
import type { HubErrorContext } from '../transport/hubErrors';
import type { ExecutionContext, HubContext } from './contexts';
import type { NodeAccess } from './access';
import { UserTokenError } from './userTokenError';
import { readOAuthAccess } from './oauthAccess';
import { CIVIC_OAUTH2_CREDENTIAL_TYPE } from '../credentials/civicOAuth2Credential';

export type { NodeAccess } from './access';

export async function readNodeAccess(ctx: HubContext, timeoutMs: number, itemIndex = 0): Promise<NodeAccess> {
	const authentication = parameter(ctx, 'authentication', itemIndex, CIVIC_CREDENTIAL_TYPE);
	if (authentication === CIVIC_OAUTH2_CREDENTIAL_TYPE) return readOAuthAccess(ctx, timeoutMs, itemIndex);
	if (authentication !== CIVIC_APP_CREDENTIAL_TYPE) {
		const data = await ctx.getCredentials(CIVIC_CREDENTIAL_TYPE, itemIndex);
		const errorContext = errorContextOf(data, timeoutMs);
		let access: HubAccess | undefined;
		return {
			perUser: false,
			errorContext,
			errorContextFor: () => errorContext,
			credentialToken: errorContext.token,
			// a kept session must end while its token is still valid: the token says until when
			forItem: async () => (access ??= withTokenExpiry(tokenAccess(readCredentials(data)))),
		};
	}
	const data = await ctx.getCredentials(CIVIC_APP_CREDENTIAL_TYPE, itemIndex);
	const clientSecret = String(data.clientSecret ?? '').trim();
	const errorContext: HubErrorContext = {
		hubUrl: String(data.hubUrl ?? '').trim() || DEFAULT_HUB_URL,
		profile: String(data.profileId ?? '').trim(),
		accountId: '',
		token: '',
		timeoutMs,
		appUsers: true,
		// the secret, and the Basic header the token URL is sent (base64 of id:secret, see scrub)
		secrets: clientSecret ? [clientSecret, `${String(data.clientId ?? '').trim()}:${clientSecret}`] : [],
	};
	const userSecrets = new Map<number, string[]>();
	let app: CivicAppCredentials | undefined;
	return {
		perUser: true,
		errorContext,
		// read when a message is scrubbed: the user's tokens become known only as the item runs
		errorContextFor: (item) => ({
			...errorContext,
			get secrets() {
				return [...(errorContext.secrets ?? []), ...(userSecrets.get(item) ?? [])];
			},
		}),
		forItem: async (item) => {
			app ??= readAppCredentials(data);
			const userToken = readUserToken(ctx, item);
			userSecrets.set(item, [userToken]);
			const type = parameter(ctx, 'userTokenType', item, 'idToken') as UserTokenType;
			const { token, user, expiresAt } = await userHubToken(app, userToken, type);
			userSecrets.set(item, [userToken, token]);
			const headers = profileHeaders(app.profileId);
			return { url: app.hubUrl, token, user, headers, expiresAt };
		},
	};
}

function withTokenExpiry(access: HubAccess): HubAccess {
	return { ...access, expiresAt: inspectToken(access.token).expiresAt?.getTime() };
}

/** What error messages may name (and the token they must scrub), read before any check can fail. */
export function errorContextOf(data: ICredentialDataDecryptedObject, timeoutMs: number): HubErrorContext {
	return {
		hubUrl: String(data.hubUrl ?? ''),
		profile: String(data.profile ?? ''),
		accountId: String(data.accountId ?? ''),
		token: cleanToken(data.apiToken),
		timeoutMs,
	};
}

/**
 * How many different end users an agent's items name (by their User Token): a toolkit is
 * handed to the agent once, for every item, so it can act as one user only.
 */
export function usersAmong(ctx: ExecutionContext, itemCount: number): number {
	const tokens = new Set<string>();
	for (let i = 0; i < itemCount; i++) tokens.add(cleanToken(ctx.getNodeParameter('userToken', i, '')));
	return tokens.size;
}

/**
 * The item's end-user token, as the app received it: a pasted or forwarded "Bearer " goes.
 * In the editor there is no item: only a token typed in as it is can be used there.
 */
function readUserToken(ctx: HubContext, itemIndex: number): string {
	if ('getCurrentNodeParameter' in ctx) {
		const raw = String(ctx.getCurrentNodeParameter('userToken') ?? '');
		if (raw.startsWith('=')) {
			throw new UserTokenError(
				'The editor cannot list the tools as an end user: "User Token" is an expression, which has a value only when the workflow runs',
				'While you pick the tool and its arguments, put a test user\'s token into "User Token" as it is (then set the expression back), or choose the tool "By Name" and give its arguments as JSON.',
			);
		}
		return requireToken(cleanToken(raw), 'in the editor');
	}
	return requireToken(cleanToken(ctx.getNodeParameter('userToken', itemIndex, '')), `for item ${itemIndex + 1}`);
}

function requireToken(token: string, where: string): string {
	if (token) return token;
	throw new UserTokenError(
		`The parameter "User Token" is empty ${where}: there is no end user to act as`,
		'Set "User Token" to the end user\'s token, e.g. {{ $json.headers.authorization }} from a Webhook node, or a field of the item that holds it.',
	);
}

/** Editor calls read the node's parameters as they are; executions per item. */
function parameter(ctx: HubContext, name: string, itemIndex: number, fallback: string): unknown {
	if ('getCurrentNodeParameter' in ctx) return ctx.getCurrentNodeParameter(name) ?? fallback;
	return ctx.getNodeParameter(name, itemIndex, fallback);
}

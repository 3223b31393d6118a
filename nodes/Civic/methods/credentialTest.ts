import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import { readCredentials, TOKEN_PAGE_HINT, type CivicCredentials } from '../../shared/credentials/civicApiCredential';
import { buildHubUrl } from '../../shared/transport/hubUrl';
import { tokenAccess } from '../../shared/transport/hubAccess';
import { HubClient } from '../../shared/transport/hubClient';
import { describeHubError, HubHttpError } from '../../shared/transport/hubErrors';
import type { RetryPolicy } from '../../shared/transport/retry';
import { isHubMetaTool } from '../../shared/tools/hubMetaTools';
import { daysUntil, expiredMessage, expiresSoonMessage, formatUtc, inspectToken, profileMismatch } from '../../shared/token/tokenClaims';

export const CREDENTIAL_TEST_TIMEOUT_MS = 15_000;
const WARN_WITHIN_DAYS = 3;
/** One quick retry: the user is waiting on the Test button, within a 15 s budget. */
const CREDENTIAL_TEST_RETRY: RetryPolicy = { maxRetries: 1, baseDelayMs: 300, maxDelayMs: 2_000 };

/** The "Test" button of the Civic API credential (the node's `testedBy`). */
export async function civicApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return testCivicCredential(credential.data ?? {});
}

/**
 * Local checks first (they need no request and say the most), then a live session:
 * initialize, list every tool, end the session.
 */
export async function testCivicCredential(
	data: ICredentialDataDecryptedObject,
	options: { now?: Date; timeoutMs?: number } = {},
): Promise<INodeCredentialTestResult> {
	const now = options.now ?? new Date();
	const timeoutMs = options.timeoutMs ?? CREDENTIAL_TEST_TIMEOUT_MS;
	let credentials: CivicCredentials;
	try {
		credentials = readCredentials(data);
		buildHubUrl(credentials);
	} catch (error) {
		return failed((error as Error).message);
	}

	const token = inspectToken(credentials.token);
	if (token.expiresAt && token.expiresAt <= now) {
		return failed(`${expiredMessage(token.expiresAt, now)}. ${TOKEN_PAGE_HINT}`);
	}
	if (profileMismatch(token.profileClaim, credentials.profile)) {
		return failed(
			`The token was generated for profile "${token.profileClaim}", but the credential's Profile is "${credentials.profile}". ` +
				`Use a token generated for "${credentials.profile}", or set Profile to "${token.profileClaim}".`,
		);
	}

	let hub: HubClient | undefined;
	try {
		hub = await HubClient.connect(tokenAccess(credentials), {
			timeoutMs,
			signal: AbortSignal.timeout(timeoutMs),
			retry: CREDENTIAL_TEST_RETRY,
		});
		const tools = await hub.listTools();
		const usable = tools.filter((tool) => !isHubMetaTool(tool.name)).length;
		return { status: 'OK', message: successMessage(credentials.profile, usable, token.expiresAt, now) };
	} catch (error) {
		// A token that is not a JWT is still sent (the hub decides); when the hub refuses it, say why.
		if (!token.isJwt && error instanceof HubHttpError && error.status === 401) {
			return failed(
				`The token is malformed: it is not a Civic token (a JWT of three dot-separated parts), and the hub rejected it. ${TOKEN_PAGE_HINT}`,
			);
		}
		const { message, description } = describeHubError(error, { ...credentials, timeoutMs });
		return failed(description ? `${message}. ${description}` : message);
	} finally {
		await hub?.close();
	}
}

function successMessage(profile: string, toolCount: number, expiresAt: Date | undefined, now: Date): string {
	const reach = `Connected to profile "${profile}": ${toolCount} tool${toolCount === 1 ? '' : 's'} available.`;
	if (!expiresAt) return `${reach} The token's expiry date could not be read.`;
	if (daysUntil(expiresAt, now) < WARN_WITHIN_DAYS) {
		return `${reach} Warning: ${expiresSoonMessage(expiresAt, now)}; generate a new token soon.`;
	}
	return `${reach} The token expires on ${formatUtc(expiresAt)}.`;
}

const failed = (message: string): INodeCredentialTestResult => ({ status: 'Error', message });

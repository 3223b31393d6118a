import { NodeOperationError } from 'n8n-workflow';
import { TOKEN_PAGE_HINT } from '../credentials/civicApiCredential';
import { daysUntil, expiredMessage, expiresSoonMessage, inspectToken } from '../token/tokenClaims';
import type { ExecutionContext } from './contexts';

/**
 * Civic gives no warning before a token dies; the node does. An expired token stops the
 * run before any call; one that expires soon adds a warning to the execution.
 */
export function checkTokenExpiry(ctx: ExecutionContext, token: string, warningDays: number): void {
	const expiresAt = inspectToken(token).expiresAt;
	if (!expiresAt) return;
	if (expiresAt <= new Date()) {
		throw new NodeOperationError(ctx.getNode(), expiredMessage(expiresAt), {
			description: `${TOKEN_PAGE_HINT} Nothing was run.`,
		});
	}
	if (daysUntil(expiresAt) < warningDays) {
		const message = `${expiresSoonMessage(expiresAt)}. ${TOKEN_PAGE_HINT}`;
		ctx.logger.warn(`Civic node "${ctx.getNode().name}": ${message}`);
		ctx.addExecutionHints({ message, type: 'warning', location: 'outputPane' });
	}
}

/** A person has to act while the node waits: say so where an admin or a user looks. */
export function announceAuthorizationWait(ctx: ExecutionContext, tool: string, itemIndex: number, authUrl: string | undefined, seconds: number) {
	// no page to open: Civic holds the call for a person's approval there (approval mode), not a sign-in
	const message = authUrl
		? `Waiting up to ${seconds} s for the service of tool "${tool}" (item ${itemIndex + 1}) to be authorized in Civic: open ${authUrl}`
		: `Waiting up to ${seconds} s for a person to approve tool "${tool}" (item ${itemIndex + 1}) in Civic`;
	ctx.logger.info(`Civic node "${ctx.getNode().name}": ${message}`);
	ctx.addExecutionHints({ message, type: 'info', location: 'outputPane' });
}

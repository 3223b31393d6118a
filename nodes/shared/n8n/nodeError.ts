import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { describeHubError, hubWords, scrubFor, type HubErrorContext } from '../transport/hubErrors';
import { TokenExchangeError } from '../token/tokenExchange';
import { OAuthReconnectError, OAuthRenewalUnavailableError } from '../token/oauthTokens';
import { ArgumentError } from '../tools/toolArguments';
import { OutputSchemaError } from '../tools/toolOutput';
import { UserTokenError } from './userTokenError';
import { ApprovalPendingError, AuthorizationFailedError, AuthorizationRequiredError, PromotionRequiredError } from '../authorization/authorizationReply';

/**
 * Any failure → the n8n error shown to the user: NodeApiError when the hub answered with
 * an HTTP status, NodeOperationError otherwise. Messages are built from our own words and
 * the hub's, never from a raw error object, and the token is scrubbed from all of them.
 */
export function toNodeError(
	node: INode,
	error: unknown,
	ctx: HubErrorContext,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	let message: string;
	let description: string | undefined;
	let httpCode: string | undefined;
	if (error instanceof ArgumentError) {
		({ message, description } = error);
	} else if (error instanceof OutputSchemaError) {
		message = error.message;
		description =
			'The tool did run: its result was not used, and the call was not repeated. Check in the service whether it took effect; the output schema and what the tool returns are for the tool\'s server behind the Civic hub to bring in line.';
	} else if (error instanceof OAuthReconnectError) {
		message = error.message;
		description =
			`Open the credential "${error.credentialName}" and click "Connect my account" to sign in with Civic again; nothing was run. ` +
			"Civic refused to renew the sign-in: it was disconnected in Civic, or its refresh tokens ran out (Civic does not say how long they last, so a workflow left unused for long needs a new sign-in). " +
			`Civic said: "${hubWords(error.civicSaid, ctx)}".`;
	} else if (error instanceof OAuthRenewalUnavailableError) {
		message = error.message;
		description = 'It renews itself when a workflow runs or the editor lists the tools: run the workflow, or open the node, then test again.';
	} else if (error instanceof TokenExchangeError) {
		({ message, description } = error.describe((text) => hubWords(text, ctx)));
	} else if (error instanceof UserTokenError) {
		({ message, fix: description } = error);
	} else if (error instanceof AuthorizationRequiredError || error instanceof PromotionRequiredError || error instanceof AuthorizationFailedError) {
		message = error.message;
		description = authorizationAdvice(error, ctx);
	} else {
		({ message, description, httpCode } = describeHubError(error, ctx));
	}
	message = scrubFor(message, ctx);
	description = description && scrubFor(description, ctx);
	if (httpCode) {
		return new NodeApiError(node, { message, httpCode } as JsonObject, { message, description, httpCode, itemIndex });
	}
	return new NodeOperationError(node, message, { description, itemIndex });
}

/** What to do next, in the order a person does it; Civic's own words last. */
function authorizationAdvice(
	error: AuthorizationRequiredError | PromotionRequiredError | AuthorizationFailedError,
	ctx: HubErrorContext,
): string {
	const profile = ctx.profile;
	const civicSaid = error.hubText ? ` Civic said: "${hubWords(error.hubText, ctx)}"` : '';
	if (error instanceof PromotionRequiredError) {
		return (
			`Waiting does not help: an account admin must assign the existing credential to profile "${profile}" ` +
			`on Civic's authorizations page (app.civic.com → Authorizations), then run the workflow again.${civicSaid}`
		);
	}
	if (error instanceof AuthorizationFailedError) {
		return `Authorize the service for profile "${profile}" again in Civic, then run the workflow again.${civicSaid}`;
	}
	if (error instanceof ApprovalPendingError) {
		const waited = error.waitedSeconds
			? ` The node waited ${error.waitedSeconds} s and nobody approved it in that time.`
			: ' To have the node wait for the approval and then run the tool once, set the option "Wait for Authorization (Seconds)".';
		return (
			`Civic gave no page to open: a person with access to profile "${profile}" must approve the call in Civic (app.civic.com), ` +
			`or, if the profile is not in approval mode, authorize the tool's service there; then run the workflow again.${waited}${civicSaid}`
		);
	}
	const open = error.url
		? `Open ${error.url} , sign in and allow access for profile "${profile}", then run the workflow again.`
		: `Civic gave no page to open: authorize the service for profile "${profile}" on app.civic.com, then run the workflow again.`;
	const waited = error.waitedSeconds
		? ` The node waited ${error.waitedSeconds} s and the authorization was not completed in time.`
		: ' To have the node wait while a person authorizes, set the option "Wait for Authorization (Seconds)".';
	return `${open}${waited}${civicSaid}`;
}

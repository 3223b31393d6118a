import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { describeHubError, redact, type HubErrorContext } from '../transport/hubErrors';
import { ArgumentError } from './toolArguments';
import { AuthorizationRequiredError } from './toolResult';

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
	} else if (error instanceof AuthorizationRequiredError) {
		message = error.message;
		description = `Open ${error.url} , authorize the service for this profile, then run the workflow again. Civic said: "${error.hubText}"`;
	} else {
		({ message, description, httpCode } = describeHubError(error, ctx));
	}
	message = redact(message, ctx.token);
	description = description && redact(description, ctx.token);
	if (httpCode) {
		return new NodeApiError(node, { message, httpCode } as JsonObject, { message, description, httpCode, itemIndex });
	}
	return new NodeOperationError(node, message, { description, itemIndex });
}

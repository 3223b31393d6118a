import { ErrorCode, McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { settleAuthorization, type AuthorizationWait } from '../authorization/authorizationFlow';
import type { HubClient } from '../transport/hubClient';
import { STALE_FOR_CHECKS_MS } from '../transport/toolListCache';
import { validateArguments } from './toolArguments';
import type { ToolCatalogue } from './toolCatalogue';
import { checkToolOutput } from './toolOutput';

export interface ToolCallRequest {
	name: string;
	/** Read once the tool is known: the Fields form needs its schema to type the values. */
	args: (tool: Tool) => Record<string, unknown>;
	/** A tool that reports progress may run this long in all. */
	maxTotalTimeoutMs?: number;
	authorization: Omit<AuthorizationWait, 'callOptions'>;
}

/**
 * One checked tool call, the same for Run Tool's items and the AI toolkit's calls: the tool
 * looked up in the catalogue, its arguments checked against its schema before anything is
 * sent, the call, Civic's "authorize first" replies settled into a result or an error, and
 * the result checked against the tool's output schema.
 */
export async function runToolCall(
	hub: HubClient,
	catalogue: ToolCatalogue,
	request: ToolCallRequest,
): Promise<{ tool: Tool; result: CallToolResult }> {
	const callOptions = { maxTotalTimeoutMs: request.maxTotalTimeoutMs };
	let relisted = false;
	const call = async (): Promise<{ tool: Tool; answer: CallToolResult }> => {
		const tool = await catalogue.find(request.name);
		const args = request.args(tool);
		try {
			validateArguments(tool.name, catalogue.checkFor(tool), args);
		} catch (error) {
			// a list kept for a while may hold a schema Civic has changed since: a refusal by it is
			// checked once more against a fresh list, so a changed schema never blocks a valid call
			if (relisted || !catalogue.listedBefore(Date.now() - STALE_FOR_CHECKS_MS) || !catalogue.refresh()) throw error;
			relisted = true;
			return call();
		}
		const answer = await hub.callTool(tool.name, args, { ...callOptions, idempotent: tool.annotations?.idempotentHint === true });
		return { tool, answer };
	};
	const { tool, answer } = await call().catch((error: unknown) => {
		// arguments refused by the hub (a JSON-RPC error in its reply: nothing of ours throws an
		// McpError once a reply is in) never ran the tool: with a listing from before this
		// execution, the tool may have changed, so list afresh, check again and call again
		if (error instanceof McpError && error.code === ErrorCode.InvalidParams && catalogue.refresh()) return call();
		throw error;
	});
	const result = await settleAuthorization(hub, tool.name, answer, { ...request.authorization, callOptions });
	checkToolOutput(tool, result);
	return { tool, result };
}

import type { IDataObject } from 'n8n-workflow';
import { announceAuthorizationWait } from '../n8n/executionNotices';
import { signalOf, type ExecutionContext } from '../n8n/contexts';
import { runToolCall } from '../tools/toolCall';
import type { ToolCatalogue } from '../tools/toolCatalogue';
import type { HubClient } from '../transport/hubClient';
import type { HubErrorContext } from '../transport/hubErrors';
import { errorForModel, resultForModel } from './modelAnswer';

export interface AgentCallSettings {
	maxTotalTimeoutMs?: number;
	authorizationWaitMs: number;
}

/**
 * One call the model asked for, answered for the model whatever happens: the same checked
 * call as Run Tool (arguments checked before anything is sent, Civic's authorization
 * replies settled, waited for when the node says so), its result compact, its failure in
 * words. It never throws: a refused argument is the model's to correct, not the run's end.
 */
export async function answerAgentCall(
	ctx: ExecutionContext,
	hub: HubClient,
	catalogue: ToolCatalogue,
	errorContext: HubErrorContext,
	call: { tool: string; args: Record<string, unknown> },
	settings: AgentCallSettings,
): Promise<IDataObject> {
	try {
		const { tool, result } = await runToolCall(hub, catalogue, {
			name: call.tool,
			args: () => call.args,
			maxTotalTimeoutMs: settings.maxTotalTimeoutMs,
			authorization: {
				waitMs: settings.authorizationWaitMs,
				signal: signalOf(ctx),
				onWait: (authUrl, seconds) => announceAuthorizationWait(ctx, call.tool, 0, authUrl, seconds),
			},
		});
		return resultForModel(tool.name, result);
	} catch (error) {
		return errorForModel(ctx.getNode(), error, errorContext);
	}
}

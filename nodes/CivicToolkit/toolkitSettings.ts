import type { IExecuteFunctions, ISupplyDataFunctions } from 'n8n-workflow';
import type { AgentCallSettings } from '../shared/agent/agentToolCall';
import type { ToolSelection } from '../shared/agent/toolNames';

export interface ToolkitSettings extends AgentCallSettings {
	selection: ToolSelection;
	timeoutMs: number;
	retries?: number;
}

/** The node's parameters, read the same way for the agent's tool list and for each call. */
export function readToolkitSettings(ctx: IExecuteFunctions | ISupplyDataFunctions, itemIndex: number): ToolkitSettings {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as { timeout?: number; retries?: number; authorizationWait?: number };
	const mode = ctx.getNodeParameter('include', itemIndex, 'all') as ToolSelection['mode'];
	const names = (parameter: string) => (ctx.getNodeParameter(parameter, itemIndex, []) as string[]) ?? [];
	const selection: ToolSelection =
		mode === 'selected' ? { mode, names: names('includeTools') } : mode === 'except' ? { mode, names: names('excludeTools') } : { mode: 'all' };
	return {
		selection,
		timeoutMs: (options.timeout ?? 60) * 1000,
		retries: options.retries,
		authorizationWaitMs: (options.authorizationWait ?? 0) * 1000,
	};
}

import { NodeOperationError, type IExecuteFunctions, type ISupplyDataFunctions } from 'n8n-workflow';
import type { AgentCallSettings } from '../shared/agent/agentToolCall';
import { TOOL_SELECTION_MODES, type ToolSelection } from '../shared/agent/toolNames';

export interface ToolkitSettings extends AgentCallSettings {
	selection: ToolSelection;
	timeoutMs: number;
	retries?: number;
}

/** The node's parameters, read the same way for the agent's tool list and for each call. */
export function readToolkitSettings(ctx: IExecuteFunctions | ISupplyDataFunctions, itemIndex: number): ToolkitSettings {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as { timeout?: number; retries?: number; authorizationWait?: number };
	const mode = ctx.getNodeParameter('include', itemIndex, 'all') as ToolSelection['mode'];
	// a value this version does not know (a workflow saved by a newer one) must never open up every tool
	if (!TOOL_SELECTION_MODES.includes(mode)) {
		throw new NodeOperationError(ctx.getNode(), `"Tools to Include" is "${String(mode)}", which this version of the Civic Toolkit does not know`, {
			itemIndex,
			description: 'Choose All, Read-Only, Changes Data, Selected or All Except, or update n8n-nodes-civic to the version the workflow was saved with.',
		});
	}
	const names = (parameter: string) => (ctx.getNodeParameter(parameter, itemIndex, []) as string[]) ?? [];
	const selection: ToolSelection =
		mode === 'selected' ? { mode, names: names('includeTools') } : mode === 'except' ? { mode, names: names('excludeTools') } : { mode };
	return {
		selection,
		timeoutMs: (options.timeout ?? 60) * 1000,
		retries: options.retries,
		authorizationWaitMs: (options.authorizationWait ?? 0) * 1000,
	};
}

import type { IExecuteFunctions, ILoadOptionsFunctions, ISupplyDataFunctions } from 'n8n-workflow';

/** Every context a Civic node reaches the hub from: executions, the agent's sub-node calls, the editor. */
export type HubContext = IExecuteFunctions | ISupplyDataFunctions | ILoadOptionsFunctions;
/** The contexts that run tools, and can add hints to an execution. */
export type ExecutionContext = IExecuteFunctions | ISupplyDataFunctions;

/** The execution's cancel signal, where the context has one (not in the editor's load-options calls). */
export function signalOf(ctx: HubContext): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;
}

import type { AgentTool } from './hostLangChain';

export type AgentToolkit = AgentTool[] & { tools: AgentTool[]; getTools(): AgentTool[] };

/**
 * Many tools from one node, in the one shape both n8n lines flatten into the agent's tools
 * without our own copy of their classes: an array (n8n 1.x's `getConnectedTools` takes it
 * apart with `flatMap`) that also has `tools` and `getTools()` (what n8n-core 2.x's
 * `StructuredToolkit` accepts by its shape).
 */
export function asToolkit(tools: AgentTool[]): AgentToolkit {
	const toolkit = [...tools] as AgentToolkit;
	toolkit.tools = tools;
	toolkit.getTools = () => tools;
	return toolkit;
}

import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { isHubMetaTool } from '../tools/hubMetaTools';

/** OpenAI's and Anthropic's limit for a function name. */
const MAX_NAME_LENGTH = 64;

/**
 * The name the model calls a tool by: the node's name, then the hub's name, as n8n's own
 * MCP Client Tool does. Node names are unique in a workflow, so two Civic Toolkit nodes
 * under one agent never offer the same name, and the name keeps only what function
 * calling allows ([A-Za-z0-9_-]).
 */
export function agentToolName(nodeName: string, tool: string): string {
	const prefix = nodeName.replace(/[^A-Za-z0-9]/g, '_');
	const name = tool.replace(/[^A-Za-z0-9_-]/g, '_');
	const room = MAX_NAME_LENGTH - name.length - 1;
	return room > 0 ? `${prefix.slice(0, room)}_${name}` : name.slice(0, MAX_NAME_LENGTH);
}

export type ToolSelection = { mode: 'all' } | { mode: 'selected'; names: string[] } | { mode: 'except'; names: string[] };

/** The tools the agent is offered: the hub's own meta-tools never (the node answers `continue_job` itself). */
export function selectTools(tools: Tool[], selection: ToolSelection): Tool[] {
	const offered = tools.filter((tool) => !isHubMetaTool(tool.name));
	if (selection.mode === 'all') return offered;
	const names = new Set(selection.names);
	return offered.filter((tool) => names.has(tool.name) === (selection.mode === 'selected'));
}

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

export type ToolSelection =
	| { mode: 'all' }
	| { mode: 'readOnly' }
	| { mode: 'changesData' }
	| { mode: 'selected'; names: string[] }
	| { mode: 'except'; names: string[] };

/** The values of Tools to Include, as workflows are saved with them. */
export const TOOL_SELECTION_MODES: ReadonlyArray<ToolSelection['mode']> = ['all', 'readOnly', 'changesData', 'selected', 'except'];

/** What a tool says of itself in its MCP annotations; an untrusted hint, which is why only the safe reading is taken. */
export type ToolKind = 'readOnly' | 'changesData' | 'noHint';

export function toolKind(tool: Tool): ToolKind {
	const hint = tool.annotations?.readOnlyHint;
	return hint === true ? 'readOnly' : hint === false ? 'changesData' : 'noHint';
}

/**
 * The tools the agent is offered: the hub's own meta-tools never (the node answers
 * `continue_job` itself). Read-only offers only tools that say `readOnlyHint: true`; a tool
 * that says nothing counts as changing data, so that a person reviews it rather than not.
 */
export function selectTools(tools: Tool[], selection: ToolSelection): Tool[] {
	const offered = tools.filter((tool) => !isHubMetaTool(tool.name));
	switch (selection.mode) {
		case 'all':
			return offered;
		case 'readOnly':
			return offered.filter((tool) => toolKind(tool) === 'readOnly');
		case 'changesData':
			return offered.filter((tool) => toolKind(tool) !== 'readOnly');
		default: {
			const names = new Set(selection.names);
			return offered.filter((tool) => names.has(tool.name) === (selection.mode === 'selected'));
		}
	}
}

import type { INodeParameters } from 'n8n-workflow';

/** Parameters as the editor saves them for Run Tool with the tool named and arguments as JSON. */
export const jsonMode = (tool: string, jsonArguments: string, extra: INodeParameters = {}): INodeParameters => ({
	operation: 'runTool',
	tool: { __rl: true, mode: 'name', value: tool },
	inputMode: 'json',
	jsonArguments,
	...extra,
});

import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { compileArgumentCheck } from './schemaValidator';

/**
 * The tool ran, but its structured output breaks the output schema it declares. Not the
 * hub refusing the arguments: nothing is listed again and nothing is called again.
 */
export class OutputSchemaError extends Error {
	constructor(
		readonly tool: string,
		readonly problems: string[],
	) {
		super(`The tool "${tool}" ran, but its output does not match the output schema it declares: ${problems.join('; ')}`);
		this.name = 'OutputSchemaError';
	}
}

/**
 * MCP: a tool that declares an `outputSchema` returns `structuredContent` matching it (unless
 * it failed). Checked here, after the call, with the same bounded, content-keyed checks as
 * arguments; an output schema ajv cannot compile is not held against the tool.
 */
export function checkToolOutput(tool: Tool, result: CallToolResult): void {
	if (!tool.outputSchema || result.isError) return;
	if (result.structuredContent === undefined) {
		throw new OutputSchemaError(tool.name, ['it returned no structured content']);
	}
	let check;
	try {
		check = compileArgumentCheck(tool.outputSchema as Record<string, unknown>);
	} catch {
		return;
	}
	const problems = check(result.structuredContent as Record<string, unknown>);
	if (problems.length) throw new OutputSchemaError(tool.name, problems);
}

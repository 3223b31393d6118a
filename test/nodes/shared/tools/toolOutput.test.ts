import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { checkToolOutput, OutputSchemaError } from '../../../../nodes/shared/tools/toolOutput';

const withOutput = (name: string, required: string): Tool => ({
	name,
	inputSchema: { type: 'object' },
	// two profiles' servers may give their output schemas the same $id
	outputSchema: { $id: 'urn:example:output', type: 'object', required: [required], properties: { [required]: { type: 'string' } } },
});

describe('finding 11: output schemas', () => {
	it('judges each output by its own schema, not by the first one seen with the same $id', () => {
		checkToolOutput(withOutput('first', 'a'), { content: [], structuredContent: { a: 'x' } });
		expect(() => checkToolOutput(withOutput('second', 'b'), { content: [], structuredContent: { b: 'y' } })).not.toThrow();
		expect(() => checkToolOutput(withOutput('second', 'b'), { content: [], structuredContent: { a: 'x' } })).toThrow(OutputSchemaError);
	});

	it('says that the tool ran when it returned no structured content, and leaves failed calls alone', () => {
		expect(() => checkToolOutput(withOutput('t', 'a'), { content: [{ type: 'text', text: 'hi' }] })).toThrow(
			'The tool "t" ran, but its output does not match the output schema it declares: it returned no structured content',
		);
		expect(() => checkToolOutput(withOutput('t', 'a'), { content: [], isError: true })).not.toThrow();
	});
});

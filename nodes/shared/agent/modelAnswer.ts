import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { IDataObject, INode } from 'n8n-workflow';
import { agentNotice } from '../authorization/authorizationFlow';
import { toNodeError } from '../n8n/nodeError';
import { ArgumentError } from '../tools/toolArguments';
import type { HubErrorContext } from '../transport/hubErrors';
import { resultFields, throwIfToolError } from '../tools/toolResult';

/**
 * A tool result as a model reads it: the same fields as Run Tool's item, and files
 * described in words instead of binary data: a model cannot read base64, and n8n hands an
 * agent only JSON.
 */
export function resultForModel(tool: string, result: CallToolResult): IDataObject {
	throwIfToolError(tool, result);
	const answer = resultFields(result);
	const files: string[] = [];
	for (const block of result.content ?? []) {
		if (block.type === 'image' || block.type === 'audio') files.push(`${block.type} (${block.mimeType}, ${sizeOf(block.data)})`);
		else if (block.type === 'resource' && 'blob' in block.resource) {
			const { uri, mimeType = 'application/octet-stream', blob } = block.resource;
			files.push(`file ${uri} (${mimeType}, ${sizeOf(blob)})`);
		}
	}
	if (files.length) answer.files = `The tool returned ${files.join(', ')}; the file content is not shown here.`;
	return Object.keys(answer).length ? answer : { text: 'The tool returned nothing.' };
}

/**
 * A failure as the tool's answer, so the model can correct itself or tell the user, and
 * the run goes on: refused arguments name the field and the rule, authorization replies
 * what the person must do (with the URL), hub failures the node's own words. The token is
 * scrubbed by toNodeError, as in every other message.
 */
export function errorForModel(node: INode, error: unknown, context: HubErrorContext): IDataObject {
	const notice = agentNotice(error, context.profile);
	if (notice) return notice;
	const nodeError = toNodeError(node, error, context);
	const answer: IDataObject = { error: nodeError.message };
	if (nodeError.description) answer[error instanceof ArgumentError ? 'fix' : 'details'] = nodeError.description;
	return answer;
}

/** What the agent's function returns: a string. Plain text stays text; anything else is JSON. */
export function answerText(answer: IDataObject): string {
	const keys = Object.keys(answer);
	if (keys.length === 1 && typeof answer.text === 'string') return answer.text;
	if (keys.length === 1 && typeof answer.message === 'string') return answer.message;
	return JSON.stringify(answer);
}

function sizeOf(base64: string): string {
	const bytes = Math.floor((base64.length * 3) / 4);
	return bytes < 1024 ? `${bytes} bytes` : `${Math.round(bytes / 1024)} KB`;
}

import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { ToolError } from '../transport/hubErrors';

type ContentBlock = CallToolResult['content'][number];

/**
 * One tool result → one n8n item. Simplified: structured content, else text (JSON parsed),
 * with images, audio and embedded files as binary properties. Raw: the MCP result as sent.
 */
export async function toolResultToItem(
	ctx: IExecuteFunctions,
	tool: string,
	result: CallToolResult,
	raw: boolean,
): Promise<INodeExecutionData> {
	throwIfToolError(tool, result);
	if (raw) return { json: result as unknown as IDataObject };
	const json = resultFields(result);
	const binary: IBinaryKeyData = {};
	for (const block of result.content ?? []) {
		if (block.type === 'image' || block.type === 'audio') {
			await addBinary(ctx, binary, block.data, block.mimeType, `${tool}-${block.type}${extensionFor(block.mimeType)}`);
		} else if (block.type === 'resource' && 'blob' in block.resource) {
			const { blob, uri, mimeType = 'application/octet-stream' } = block.resource;
			await addBinary(ctx, binary, blob, mimeType, fileNameFrom(uri, tool, mimeType));
		}
	}
	return Object.keys(binary).length ? { json, binary } : { json };
}

/** `isError`: the call worked and the tool failed; its own words are the message. */
export function throwIfToolError(tool: string, result: CallToolResult): void {
	if (result.isError) throw new ToolError(tool, textOf(result.content ?? []) || 'The tool failed without saying why');
}

/**
 * What a result says in JSON, files left out (the caller makes binary data of them, or
 * describes them): its structured content, else its text (JSON parsed), with embedded
 * texts under `resources` and links under `links`.
 */
export function resultFields(result: CallToolResult): IDataObject {
	const json: IDataObject = {};
	const texts: string[] = [];
	const resources: IDataObject[] = [];
	const links: IDataObject[] = [];
	for (const block of result.content ?? []) {
		if (block.type === 'text') texts.push(block.text);
		else if (block.type === 'resource' && !('blob' in block.resource)) {
			resources.push({ uri: block.resource.uri, mimeType: block.resource.mimeType, text: block.resource.text });
		} else if (block.type === 'resource_link') {
			links.push(stripUndefined({ uri: block.uri, name: block.name, mimeType: block.mimeType, description: block.description }));
		}
	}
	if (result.structuredContent !== undefined) Object.assign(json, asFields(result.structuredContent));
	else if (texts.length === 1) Object.assign(json, asFields(parseJson(texts[0])));
	else if (texts.length > 1) json.text = texts.join('\n\n');
	if (resources.length) json.resources = resources;
	if (links.length) json.links = links;
	return json;
}

/**
 * n8n hands an AI Agent only an item's JSON, and a tool output with binary data but no
 * JSON becomes an error for the model; a short text says what the files are instead.
 */
export function withFileSummary(item: INodeExecutionData): INodeExecutionData {
	const files = Object.values(item.binary ?? {});
	if (!files.length || Object.keys(item.json).length) return item;
	const list = files.map((file) => `${file.fileName ?? 'unnamed'} (${file.mimeType}${file.fileSize ? `, ${file.fileSize}` : ''})`);
	return { ...item, json: { text: `The tool returned ${files.length === 1 ? 'a file' : `${files.length} files`}: ${list.join(', ')}.` } };
}

/** A JSON object becomes the item's fields; anything else goes under `result` (or `text`). */
function asFields(value: unknown): IDataObject {
	if (typeof value === 'string') return { text: value };
	if (value && typeof value === 'object' && !Array.isArray(value)) return value as IDataObject;
	return { result: value as IDataObject };
}

function parseJson(text: string): unknown {
	const trimmed = text.trim();
	if (!/^[[{]/.test(trimmed)) return text;
	try {
		return JSON.parse(trimmed);
	} catch {
		return text;
	}
}

async function addBinary(
	ctx: IExecuteFunctions,
	binary: IBinaryKeyData,
	base64: string,
	mimeType: string,
	fileName: string,
): Promise<void> {
	const key = Object.keys(binary).length === 0 ? 'data' : `data_${Object.keys(binary).length}`;
	binary[key] = await ctx.helpers.prepareBinaryData(Buffer.from(base64, 'base64'), fileName, mimeType);
}

const EXTENSIONS: Record<string, string> = {
	'image/png': '.png',
	'image/jpeg': '.jpg',
	'image/gif': '.gif',
	'image/webp': '.webp',
	'image/svg+xml': '.svg',
	'audio/wav': '.wav',
	'audio/x-wav': '.wav',
	'audio/mpeg': '.mp3',
	'audio/ogg': '.ogg',
	'application/pdf': '.pdf',
	'application/json': '.json',
	'text/plain': '.txt',
	'text/csv': '.csv',
};

const extensionFor = (mimeType: string) => EXTENSIONS[mimeType.split(';')[0].trim().toLowerCase()] ?? '';

/** The last segment of the resource URI when it looks like a file name; else tool + extension. */
function fileNameFrom(uri: string, tool: string, mimeType: string): string {
	const last = decodeURIComponent(uri.split(/[?#]/)[0].split('/').pop() ?? '');
	return /\.[A-Za-z0-9]{1,8}$/.test(last) ? last : `${tool}-file${extensionFor(mimeType)}`;
}

export function textOf(content: ContentBlock[]): string {
	return content
		.filter((block): block is Extract<ContentBlock, { type: 'text' }> => block.type === 'text')
		.map((block) => block.text)
		.join('\n');
}

const stripUndefined = (object: IDataObject) =>
	Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as IDataObject;

/**
 * A stand-in for OpenAI's Chat Completions API on loopback, so that an AI Agent in a real
 * n8n runs without a model or a network: offered tools, it calls the first one with the
 * arguments it was given; shown a tool's result, it answers with that result. With a
 * `plan`, it calls the planned tools one after another (a tool is named by the end of the
 * offered name, as a toolkit prefixes its node's name), then answers with every result.
 * It records every request, so a test can read what n8n told the model about the tools.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface ChatMessage {
	role: string;
	content: string | Array<{ type: string; text?: string }> | null;
}

export interface ChatRequest {
	model: string;
	stream?: boolean;
	messages: ChatMessage[];
	tools?: Array<{ type: 'function'; function: { name: string; description?: string; parameters?: Record<string, unknown> } }>;
}

interface ToolCall {
	id: string;
	type: 'function';
	function: { name: string; arguments: string };
}

export interface PlannedCall {
	tool: string;
	args: Record<string, unknown>;
}

export class FakeChatModel {
	readonly requests: ChatRequest[] = [];
	/** The calls of the next conversations, in order; empty: call the first tool offered. */
	plan: PlannedCall[] = [];
	/** Chooses the calls by the person's first message instead (npm run dev: one model, several examples). */
	planFor?: (question: string) => PlannedCall[];

	private constructor(
		private readonly server: Server,
		private readonly toolArguments: Record<string, unknown>,
	) {}

	static async start(toolArguments: Record<string, unknown>): Promise<FakeChatModel> {
		let model: FakeChatModel | undefined;
		const server = createServer((req, res) => void model!.handle(req, res));
		model = new FakeChatModel(server, toolArguments);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return model;
	}

	/** The base URL for n8n's OpenAI credential. */
	get url(): string {
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
	}

	async stop(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise((resolve) => this.server.close(resolve));
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
			res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not here"}}');
			return;
		}
		let body = '';
		for await (const chunk of req) body += chunk;
		const request = JSON.parse(body) as ChatRequest;
		this.requests.push(request);
		const message = this.reply(request);
		const finish = message.tool_calls ? 'tool_calls' : 'stop';
		const base = { id: `chatcmpl-${this.requests.length}`, created: Math.floor(Date.now() / 1000), model: request.model };
		if (!request.stream) {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify({
					...base,
					object: 'chat.completion',
					choices: [{ index: 0, message, finish_reason: finish }],
					usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
				}),
			);
			return;
		}
		const delta = message.tool_calls ? { ...message, tool_calls: message.tool_calls.map((c, index) => ({ index, ...c })) } : message;
		const chunk = (choice: object) => `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [choice] })}\n\n`;
		res.writeHead(200, { 'content-type': 'text/event-stream' });
		res.write(chunk({ index: 0, delta, finish_reason: null }));
		res.write(chunk({ index: 0, delta: {}, finish_reason: finish }));
		res.end('data: [DONE]\n\n');
	}

	private reply(request: ChatRequest): { role: 'assistant'; content: string | null; tool_calls?: ToolCall[] } {
		const question = textOf(request.messages.find((m) => m.role === 'user')?.content ?? '');
		const plan = this.planFor?.(question) ?? this.plan;
		if (plan.length) return this.replyByPlan(request, plan);
		const toolResult = request.messages.find((m) => m.role === 'tool');
		const tool = request.tools?.[0]?.function.name;
		if (toolResult || !tool) {
			return { role: 'assistant', content: `The tool answered: ${textOf(toolResult?.content ?? 'nothing')}` };
		}
		return {
			role: 'assistant',
			content: null,
			tool_calls: [{ id: 'call_civic_1', type: 'function', function: { name: tool, arguments: JSON.stringify(this.toolArguments) } }],
		};
	}

	private replyByPlan(request: ChatRequest, plan: PlannedCall[]): { role: 'assistant'; content: string | null; tool_calls?: ToolCall[] } {
		const results = request.messages.filter((m) => m.role === 'tool').map((m) => textOf(m.content));
		const next = plan[results.length];
		if (!next) return { role: 'assistant', content: `The tools answered: ${results.join(' | ')}` };
		const offered = request.tools?.find((t) => t.function.name === next.tool || t.function.name.endsWith(`_${next.tool}`));
		if (!offered) return { role: 'assistant', content: `No tool ${next.tool} was offered` };
		const call = { name: offered.function.name, arguments: JSON.stringify(asOfferedShape(offered.function.parameters, next.args)) };
		return { role: 'assistant', content: null, tool_calls: [{ id: `call_civic_${results.length + 1}`, type: 'function', function: call }] };
	}
}

/**
 * A tool behind n8n's human review is offered as `{ toolParameters, hitlParameters }`: a
 * model that follows the schema puts its arguments under `toolParameters`.
 */
function asOfferedShape(parameters: Record<string, unknown> | undefined, args: Record<string, unknown>): Record<string, unknown> {
	const properties = (parameters?.properties ?? {}) as Record<string, unknown>;
	return 'toolParameters' in properties && 'hitlParameters' in properties ? { toolParameters: args, hitlParameters: {} } : args;
}

function textOf(content: ChatMessage['content']): string {
	if (typeof content === 'string') return content;
	return (content ?? []).map((part) => part.text ?? '').join('');
}

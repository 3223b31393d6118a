/**
 * What n8n's hosted chat page does, without a browser: it posts the person's message to the
 * Chat Trigger's webhook, then listens on n8n's chat socket for what the workflow's Chat nodes
 * send (a review step's message comes with Approve/Decline buttons, which are n8n's signed
 * resume links). n8n closes the socket when the execution has ended.
 */
import { WebSocket } from 'undici';

export interface ChatButton {
	text: string;
	link: string;
}

export interface ChatMessage {
	text: string;
	buttons: ChatButton[];
}

export class HostedChat {
	readonly messages: ChatMessage[] = [];
	private closed = false;
	private waiters: Array<() => void> = [];

	private constructor(
		readonly executionId: string,
		private readonly socket: WebSocket,
	) {
		socket.addEventListener('message', (event) => {
			const data = String(event.data);
			if (data === 'n8n|heartbeat') return socket.send('n8n|heartbeat-ack');
			if (data === 'n8n|continue') return;
			this.messages.push(parse(data));
			this.wake();
		});
		socket.addEventListener('close', () => {
			this.closed = true;
			this.wake();
		});
	}

	/** Sends `chatInput` as a new conversation and connects to its execution's chat socket. */
	static async start(baseUrl: string, chatPath: string, chatInput: string, extra: object = {}): Promise<HostedChat> {
		const sessionId = `chat-${Date.now()}-${Math.random().toString(36).slice(2)}`;
		const response = await fetch(`${baseUrl}/webhook/${chatPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ action: 'sendMessage', sessionId, chatInput, ...extra }),
		});
		const started = (await response.json()) as { executionStarted?: boolean; executionId?: string; resumeToken?: string };
		if (!response.ok || !started.executionId) throw new Error(`The chat did not start an execution: ${response.status} ${JSON.stringify(started)}`);
		const query = new URLSearchParams({ sessionId, executionId: started.executionId, isPublic: 'true', token: started.resumeToken ?? '' });
		const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/chat?${query}`);
		await new Promise<void>((resolve, reject) => {
			socket.addEventListener('open', () => resolve(), { once: true });
			socket.addEventListener('error', () => reject(new Error('The chat socket did not open')), { once: true });
		});
		return new HostedChat(started.executionId, socket);
	}

	/** The first message (from `from` on) that `matches`, waiting up to `ms` for it. */
	async message(matches: (message: ChatMessage) => boolean, ms = 60_000, from = 0): Promise<ChatMessage> {
		const deadline = Date.now() + ms;
		for (;;) {
			const found = this.messages.slice(from).find(matches);
			if (found) return found;
			if (this.closed || Date.now() > deadline) {
				throw new Error(`No such chat message ${this.closed ? '(the chat was closed)' : `in ${ms} ms`}; got: ${JSON.stringify(this.messages)}`);
			}
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, Math.min(1_000, deadline - Date.now()));
				this.waiters.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
	}

	/** A person's click on a button: a browser's GET (n8n answers link previewers and bots without acting). */
	static async click(button: ChatButton): Promise<number> {
		const response = await fetch(button.link, { headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36' } });
		await response.arrayBuffer();
		return response.status;
	}

	/** Resolves when n8n closes the chat (the execution ended), or after `ms`. */
	async ended(ms = 60_000): Promise<boolean> {
		const deadline = Date.now() + ms;
		while (!this.closed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
		return this.closed;
	}

	close(): void {
		this.socket.close();
	}

	private wake(): void {
		for (const waiter of this.waiters.splice(0)) waiter();
	}
}

function parse(data: string): ChatMessage {
	try {
		const json = JSON.parse(data) as { text?: string; buttons?: ChatButton[] };
		if (json && typeof json === 'object' && typeof json.text === 'string') return { text: json.text, buttons: json.buttons ?? [] };
	} catch {
		// a plain text message
	}
	return { text: data, buttons: [] };
}

import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { pickModelArguments } from '../../../../nodes/shared/agent/modelArguments';

const SEND_MAIL: Tool = {
	name: 'send_mail',
	inputSchema: { type: 'object', properties: { to: { type: 'string' }, subject: { type: 'string' }, body: { type: 'string' }, headers: { type: 'object' } } },
};
/** A Webhook item as AI Agent 3 merges it under the model's arguments (n8n-core requests-response). */
const WEBHOOK_ITEM = { headers: { authorization: 'Bearer user-token' }, body: 'the caller\'s request body', query: {} };

describe("finding 4: only the model's own arguments reach the hub", () => {
	it("drops what only the agent's input item holds (a webhook's headers and body)", () => {
		const item = { ...WEBHOOK_ITEM, to: 'ada@example.com', subject: 'Hi', tool: 'Civic_Toolkit_send_mail', toolCallId: 'c1' };
		expect(pickModelArguments(SEND_MAIL, item, [WEBHOOK_ITEM])).toEqual({ to: 'ada@example.com', subject: 'Hi' });
	});

	it('keeps an argument the model sent under a name the input item also has', () => {
		const item = { ...WEBHOOK_ITEM, body: 'Hello Ada', to: 'ada@example.com', tool: 't', toolCallId: 'c1' };
		expect(pickModelArguments(SEND_MAIL, item, [WEBHOOK_ITEM])).toEqual({ to: 'ada@example.com', body: 'Hello Ada' });
	});

	it('takes every named field when the item did not come from an agent', () => {
		expect(pickModelArguments(SEND_MAIL, { to: 'a', body: 'b', tool: 't' }, undefined)).toEqual({ to: 'a', body: 'b' });
	});
});

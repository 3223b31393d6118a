import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { readAuthorizationReply } from '../../../../nodes/shared/authorization/authorizationReply';

const text = (value: string) => ({ type: 'text' as const, text: value });
const tagged = (name: string, value: string) => ({
	type: 'resource' as const,
	resource: { uri: `https://app.civic.com/${name}`, mimeType: 'text/plain', text: value, _meta: { name } },
});

/** A self-hosted or local hub: Civic's own pages stay Civic's whatever the Hub URL. */
const HUB = new URL('http://127.0.0.1:4000/hub/mcp');

describe('readAuthorizationReply', () => {
	it('reads the civic:rest-auth shape by its tags, whatever the text says', () => {
		const result: CallToolResult = {
			content: [text('Bitte autorisieren.'), tagged('continue_job_id', 'job-1'), tagged('auth_polling_endpoint', 'https://app.civic.com/user/jobs/job-1/status')],
		};
		expect(readAuthorizationReply(result, HUB)).toEqual({
			kind: 'job',
			jobId: 'job-1',
			pollingUrl: 'https://app.civic.com/user/jobs/job-1/status',
			text: 'Bitte autorisieren.',
		});
	});

	it('reads the default shape: authorization_url and continue_job_id', () => {
		const result: CallToolResult = {
			content: [text('Authorize Gmail first.'), tagged('authorization_url', 'https://app.civic.com/a/1'), tagged('continue_job_id', 'job-2')],
		};
		expect(readAuthorizationReply(result, HUB)).toEqual({ kind: 'url', url: 'https://app.civic.com/a/1', jobId: 'job-2', text: 'Authorize Gmail first.' });
	});

	it('reads "promotion required" and the older single text with a URL, by their words', () => {
		expect(
			readAuthorizationReply({ content: [text('A matching credential exists but is not assigned to this profile. An account admin can assign it.')] }, HUB),
		).toMatchObject({ kind: 'promotion' });
		expect(
			readAuthorizationReply({ content: [text('Google Gmail is not authorized for this profile. Authorize it first: https://app.civic.com/x?p=1 then retry.')] }, HUB),
		).toEqual({ kind: 'url', url: 'https://app.civic.com/x?p=1', text: expect.any(String) });
	});

	it('leaves real results alone: data that mentions authorization, errors, structured content, files', () => {
		const notices = [
			{ content: [text('{"note": "authorize at https://example.com"}')] },
			{ content: [text('Authorize at https://example.com')], isError: true },
			{ content: [text('authorize https://x.y')], structuredContent: { ok: true } },
			{ content: [text('Authorized payments: see https://bank.example.com'), { type: 'image' as const, data: 'AA==', mimeType: 'image/png' }] },
			{ content: [text(`Authorization log https://x.y ${'x'.repeat(2100)}`)] },
			{ content: [tagged('continue_job_id', 'job-3')] },
			{ content: [] },
		];
		for (const result of notices) expect(readAuthorizationReply(result as CallToolResult, HUB)).toBeUndefined();
	});

	describe('finding 8: a tool\'s own text never poses as Civic', () => {
		it('keeps a mail that asks to re-authorize at a foreign page as the tool\'s result', () => {
			const mail = { content: [text('Subject: Action needed — please re-authorize your account at https://evil.example/login')] };
			expect(readAuthorizationReply(mail, HUB)).toBeUndefined();
		});

		it('keeps a text that names the hub\'s page beside a foreign one as the tool\'s result', () => {
			const mixed = { content: [text('Authorize at http://127.0.0.1:4000/x or https://evil.example/x')] };
			expect(readAuthorizationReply(mixed, HUB)).toBeUndefined();
		});

		it('still reads a plain-text notice whose page is on the hub\'s own origin', () => {
			const notice = { content: [text('Gmail is not authorized. Authorize it at http://127.0.0.1:4000/hub/authorize/j1 then retry.')] };
			expect(readAuthorizationReply(notice, HUB)).toEqual({ kind: 'url', url: 'http://127.0.0.1:4000/hub/authorize/j1', text: expect.any(String) });
		});
	});
});

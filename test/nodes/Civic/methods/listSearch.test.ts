import type { INodeListSearchItems } from 'n8n-workflow';
import { searchTools } from '../../../../nodes/Civic/methods/listSearch';
import { DEMO_PROFILE, DEMO_TOOL_PAGES } from '../../../hub/directory';
import { credentialsFor, useHub } from '../../../harness/hub';
import { loadOptionsContext } from '../../../harness/n8n';

describe('Tool list search', () => {
	const hub = useHub();
	const context = (overrides = {}) => loadOptionsContext({ operation: 'runTool' }, credentialsFor(hub(), overrides));
	const values = (results: INodeListSearchItems[]) => results.map((r) => r.value);

	it('passes the hub\'s pages through as the list\'s pagination, leaving the hub\'s meta-tools out', async () => {
		const seen: INodeListSearchItems[] = [];
		let token: string | undefined;
		let calls = 0;
		do {
			const page = await searchTools.call(context(), undefined, token);
			seen.push(...page.results);
			token = page.paginationToken as string | undefined;
			calls++;
		} while (token);
		expect(calls).toBe(DEMO_TOOL_PAGES);
		// continue_job is listed by the hub, last, but is not a tool a person picks
		expect(values(seen)).toEqual(DEMO_PROFILE.tools);
		// the pages share one kept session: one handshake for the whole scroll
		expect(hub().stats.methods.initialize).toBe(1);
	});

	it('shows title, name and the description in the name (the only text n8n\'s list shows), cutting a long one', async () => {
		const { results } = await searchTools.call(context());
		expect(results[0]).toEqual({
			name: 'Echo text (demo-echo_text) — Returns a greeting as plain text. Fast; useful to check a connection.',
			value: 'demo-echo_text',
			description: 'Returns a greeting as plain text. Fast; useful to check a connection.',
		});
		const meeting = (await searchTools.call(context(), 'meeting')).results[0];
		expect(meeting.name).toBe('Schedule meeting (demo-schedule_meeting) — Schedules a meeting; its schema is written the way FastMCP/pydantic w…');
	});

	it('searches every page at once by name, title or description, and returns all matches', async () => {
		const xero = await searchTools.call(context(), 'xero');
		expect(values(xero.results)).toEqual(['xero-list_invoices']);
		expect(xero.paginationToken).toBeUndefined();
		expect(hub().stats.methods['tools/list']).toBe(DEMO_TOOL_PAGES);
		const events = await searchTools.call(context(), 'EVENT');
		expect(values(events.results)).toEqual(['demo-create_event', 'google-calendar-get_events']);
		expect(values((await searchTools.call(context(), 'resume a tool call')).results)).toEqual([]);
	});

	it('finds a tool added in Civic since the last search: a search always asks the hub', async () => {
		hub().hiddenTools.add('xero-list_invoices');
		expect(values((await searchTools.call(context(), 'xero')).results)).toEqual([]);
		hub().hiddenTools.clear();
		expect(values((await searchTools.call(context(), 'xero')).results)).toEqual(['xero-list_invoices']);
	});

	it('fails with the hub\'s reason and without the token', async () => {
		const token = hub().tokens.badlySigned();
		const failure = searchTools.call(context({ apiToken: token }));
		await expect(failure).rejects.toThrow('Civic rejected the token (HTTP 401)');
		await failure.catch((error: Error) => expect(JSON.stringify(error) + error.message).not.toContain(token));
	});
});

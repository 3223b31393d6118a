import { searchTools } from '../../../../nodes/Civic/methods/listSearch';
import { DEMO_PROFILE } from '../../../hub/directory';
import { credentialsFor, useHub } from '../../../harness/hub';
import { loadOptionsContext } from '../../../harness/n8n';

describe('Tool list search', () => {
	const hub = useHub();
	const context = (overrides = {}) => loadOptionsContext({ operation: 'runTool' }, credentialsFor(hub(), overrides));

	it('passes the hub\'s pages through as the list\'s pagination', async () => {
		const first = await searchTools.call(context());
		expect(first.results).toHaveLength(10);
		expect(first.paginationToken).toEqual(expect.any(String));
		const second = await searchTools.call(context(), undefined, first.paginationToken as string);
		expect(second.paginationToken).toBeUndefined();
		// the hub's meta-tool continue_job is listed by the hub but not offered
		expect([...first.results, ...second.results].map((r) => r.value)).toEqual(DEMO_PROFILE.tools);
		expect(hub().stats.sessionsDeleted).toBe(2);
	});

	it('shows title and name, with the description', async () => {
		const { results } = await searchTools.call(context());
		expect(results[0]).toEqual({
			name: 'Echo text (demo-echo_text)',
			value: 'demo-echo_text',
			description: expect.stringContaining('greeting'),
		});
	});

	it('filters by name, title or description', async () => {
		const page1 = await searchTools.call(context(), 'WEATHER');
		expect(page1.results.map((r) => r.value)).toEqual(['demo-get_weather_structured']);
		const page2 = await searchTools.call(context(), 'gmail', page1.paginationToken as string);
		expect(page2.results.map((r) => r.value)).toEqual(['google-gmail-send_message']);
	});

	it('fails with the hub\'s reason and without the token', async () => {
		const token = hub().tokens.badlySigned();
		const failure = searchTools.call(context({ apiToken: token }));
		await expect(failure).rejects.toThrow('Civic rejected the token (HTTP 401)');
		await failure.catch((error: Error) => expect(JSON.stringify(error) + error.message).not.toContain(token));
	});
});

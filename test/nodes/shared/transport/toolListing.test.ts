import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { ToolListing } from '../../../../nodes/shared/transport/toolListing';

const tool = (name: string): Tool => ({ name, inputSchema: { type: 'object' } });

/** A listing whose pages come in when the test says so. */
function pagedListing() {
	let deliver!: (tools: Tool[]) => void;
	let finish!: (error?: Error) => void;
	const listing = new ToolListing(
		(onPage) =>
			new Promise<Tool[]>((resolve, reject) => {
				const all: Tool[] = [];
				deliver = (tools) => {
					all.push(...tools);
					onPage(tools);
				};
				finish = (error) => (error ? reject(error) : resolve(all));
			}),
	);
	return { listing, page: (...names: string[]) => deliver(names.map(tool)), finish: (error?: Error) => finish(error) };
}

describe('ToolListing', () => {
	it('finds a tool as soon as its page is in, before the last page', async () => {
		const { listing, page, finish } = pagedListing();
		const found = listing.find('b');
		page('a', 'b');
		await expect(found).resolves.toMatchObject({ name: 'b' });
		page('c');
		finish();
		await expect(listing.tools).resolves.toHaveLength(3);
	});

	it('says a name on no page is missing only once every page is in', async () => {
		const { listing, page, finish } = pagedListing();
		let settled = false;
		const missing = listing.find('z').finally(() => (settled = true));
		page('a');
		await new Promise((resolve) => setImmediate(resolve));
		expect(settled).toBe(false);
		finish();
		await expect(missing).resolves.toBeUndefined();
	});

	it('keeps a found tool when a later page fails, and fails a lookup still waiting', async () => {
		const { listing, page, finish } = pagedListing();
		page('a');
		const waiting = listing.find('z');
		finish(new Error('page 2 failed'));
		await expect(listing.find('a')).resolves.toMatchObject({ name: 'a' });
		await expect(waiting).rejects.toThrow('page 2 failed');
		await expect(listing.tools).rejects.toThrow('page 2 failed');
	});

	it('finding 11: asking a finished list for names it lacks leaves nothing behind', async () => {
		const listing = new ToolListing(async (onPage) => {
			onPage([tool('a')]);
			return [tool('a')];
		});
		await listing.tools;
		for (let i = 0; i < 100; i++) expect(await listing.find(`missing-${i}`)).toBeUndefined();
		expect(listing.waiters).toBe(0);
	});
});

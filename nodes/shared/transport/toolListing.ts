import type { Tool } from '@modelcontextprotocol/sdk/types.js';

/** Reads every page of tools/list, handing each page to `onPage` as it comes in. */
export type ListPages = (onPage: (tools: Tool[]) => void) => Promise<Tool[]>;

/**
 * One listing of the profile's tools, read page by page (tools/list is paginated). A tool is
 * found as soon as the page holding it is in: a cold execution calls its tool after one page
 * rather than after all of them, while the remaining pages go on being read for the list
 * that is kept. Only a name on no page waits for the last one.
 */
export class ToolListing {
	readonly at = Date.now();
	/** Every tool, once the last page is in; rejects when a page could not be read. */
	readonly tools: Promise<Tool[]>;
	private readonly seen = new Map<string, Tool>();
	private waiting: Array<{ name: string; found: (tool: Tool) => void }> = [];
	/** Every page is in (or one failed): nobody is left waiting, and nobody new waits. */
	private settled = false;

	constructor(pages: ListPages) {
		this.tools = pages((tools) => {
			for (const tool of tools) this.seen.set(tool.name, tool);
			this.waiting = this.waiting.filter(({ name, found }) => {
				const tool = this.seen.get(name);
				if (tool) found(tool);
				return !tool;
			});
		});
		const settle = () => {
			this.settled = true;
			this.waiting = [];
		};
		this.tools.then(settle, settle);
	}

	/** The named tool as soon as its page is in; undefined once every page is in without it. */
	find(name: string): Promise<Tool | undefined> {
		const known = this.seen.get(name);
		if (known) return Promise.resolve(known);
		// a kept list is asked for names it lacks by every item that misnames a tool: no waiter then
		if (this.settled) return this.tools.then(() => this.seen.get(name));
		return new Promise((resolve, reject) => {
			this.waiting.push({ name, found: resolve });
			// settles it when no page held the name (a found tool has settled it already)
			this.tools.then(() => resolve(this.seen.get(name)), reject);
		});
	}

	/** Names waited for on pages not yet in, for tests. */
	get waiters(): number {
		return this.waiting.length;
	}
}

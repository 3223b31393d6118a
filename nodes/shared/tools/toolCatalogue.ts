import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { HubClient } from '../transport/hubClient';
import type { ToolListing } from '../transport/toolListing';
import { nearNames } from './nearNames';
import { compileArgumentCheck, type ArgumentCheck } from './schemaValidator';
import { ArgumentError } from './toolArguments';

/**
 * Compiled input schemas, kept as long as the listed tool they belong to: a kept listing
 * (see HubSession) serves many executions, and compiling is the costly part of checking.
 */
const compiled = new WeakMap<Tool, { check?: ArgumentCheck }>();

/**
 * The profile's tools as an execution sees them, looked up by name for every item (found as
 * soon as the page holding the name is in). The listing may be a kept one; it is asked
 * afresh, once per execution, when a name is not in it or the hub refuses arguments it
 * accepted (the tool may have changed).
 */
export class ToolCatalogue {
	private listing?: ToolListing;
	/** Whether this execution listed the tools afresh; undefined until it was considered. */
	private renewed?: boolean;
	private readonly startedAt = Date.now();

	constructor(
		private readonly hub: HubClient,
		private readonly profile: string,
		/** A schema ajv cannot compile must not block the call: the tool is then run unchecked. */
		private readonly onUncheckable: (tool: string, reason: string) => void,
	) {}

	async find(name: string): Promise<Tool> {
		this.listing ??= this.hub.toolListing(false);
		// the listing may be shared with other executions: this one's Stop ends only its own wait
		let tool = await this.hub.waitFor(this.listing.find(name));
		if (!tool && this.refresh()) tool = await this.hub.waitFor(this.listing.find(name));
		if (tool) return tool;
		const near = nearNames(name, (await this.hub.waitFor(this.listing.tools)).map((t) => t.name));
		throw new ArgumentError(
			`Tool "${name}" does not exist in ${this.profile ? `Civic profile "${this.profile}"` : "the Civic App's profile"}`,
			near.length
				? `Did you mean ${near.map((n) => `"${n}"`).join(', ')}? Run "List Tools" to see every tool of the profile.`
				: 'Run "List Tools" to see every tool of the profile.',
		);
	}

	/**
	 * Lists the tools afresh, once per execution, unless the listing in use was made during
	 * this execution already. Says whether there is such a fresh listing now, for every item
	 * that asks: items running in parallel share the one fresh listing.
	 */
	refresh(): boolean {
		if (this.renewed === undefined) {
			const listedAt = this.hub.toolsListedAt;
			this.renewed = listedAt === undefined || listedAt < this.startedAt;
			if (this.renewed) this.listing = this.hub.toolListing(true);
		}
		return this.renewed;
	}

	/** Whether the list in use was made before `time` (ms since epoch). */
	listedBefore(time: number): boolean {
		const listedAt = this.hub.toolsListedAt;
		return listedAt !== undefined && listedAt < time;
	}

	checkFor(tool: Tool): ArgumentCheck | undefined {
		let entry = compiled.get(tool);
		if (!entry) {
			entry = {};
			try {
				entry.check = compileArgumentCheck(tool.inputSchema as Record<string, unknown>);
			} catch (error) {
				this.onUncheckable(tool.name, (error as Error).message);
			}
			compiled.set(tool, entry);
		}
		return entry.check;
	}
}

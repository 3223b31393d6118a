import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { HubClient } from '../transport/hubClient';
import { nearNames } from './nearNames';
import { compileArgumentCheck, type ArgumentCheck } from './schemaValidator';
import { ArgumentError } from './toolArguments';

/**
 * The profile's tools, listed once per execution and looked up by name for every item,
 * with each tool's input schema compiled once, when the first item needs it.
 */
export class ToolCatalogue {
	private byName?: Promise<Map<string, Tool>>;
	private readonly checks = new Map<string, ArgumentCheck | undefined>();

	constructor(
		private readonly hub: HubClient,
		private readonly profile: string,
		/** A schema ajv cannot compile must not block the call: the tool is then run unchecked. */
		private readonly onUncheckable: (tool: string, reason: string) => void,
	) {}

	async find(name: string): Promise<Tool> {
		this.byName ??= this.hub.listTools().then((tools) => new Map(tools.map((t) => [t.name, t])));
		const tools = await this.byName;
		const tool = tools.get(name);
		if (tool) return tool;
		const near = nearNames(name, [...tools.keys()]);
		throw new ArgumentError(
			`Tool "${name}" does not exist in Civic profile "${this.profile}"`,
			near.length
				? `Did you mean ${near.map((n) => `"${n}"`).join(', ')}? Run "List Tools" to see every tool of the profile.`
				: 'Run "List Tools" to see every tool of the profile.',
		);
	}

	checkFor(tool: Tool): ArgumentCheck | undefined {
		if (!this.checks.has(tool.name)) {
			let check: ArgumentCheck | undefined;
			try {
				check = compileArgumentCheck(tool.inputSchema as Record<string, unknown>);
			} catch (error) {
				this.onUncheckable(tool.name, (error as Error).message);
			}
			this.checks.set(tool.name, check);
		}
		return this.checks.get(tool.name);
	}
}

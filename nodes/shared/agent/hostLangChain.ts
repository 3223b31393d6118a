import { createRequire } from 'node:module';
import type { z, ZodTypeAny } from 'zod';

/** What the agent needs of a LangChain structured tool; the class itself is the host's. */
export interface AgentTool {
	name: string;
	description: string;
	schema: unknown;
	metadata?: Record<string, unknown>;
	invoke(input: unknown, config?: unknown): Promise<unknown>;
	call(arg: unknown, ...rest: unknown[]): Promise<unknown>;
}

export interface AgentToolFields {
	name: string;
	description: string;
	/** JSON Schema; behind n8n's human review, a zod schema of n8n's zod (reviewSchema). */
	schema: Record<string, unknown> | ZodSchema;
	metadata: Record<string, unknown>;
	/** Runs the tool; returns the text the model reads. */
	func: (args: Record<string, unknown>) => Promise<string>;
	/**
	 * Called instead of `func` when LangChain's own schema check refuses the arguments
	 * (agent 2.x calls the tool's function, and n8n 2.x checks against a zod copy first):
	 * the node's own check then says, in its words, what is wrong.
	 */
	onRefused: (args: unknown) => Promise<string>;
}

type ToolConstructor = new (fields: AgentToolFields) => AgentTool;

/** The host n8n is missing what an AI tool needs; says which n8n and what, never a silent agent with no tools. */
export class HostClassesMissingError extends Error {
	constructor(what: string, n8nVersion: string) {
		super(`The Civic Toolkit cannot give tools to an AI Agent in this n8n (${n8nVersion}): ${what}`);
		this.name = 'HostClassesMissingError';
	}
}

let cached: ToolConstructor | undefined;

/** zod as n8n's own modules load it (typed by our copy, which is never the one used). */
export type HostZod = typeof z;
export type ZodSchema = ZodTypeAny;

let cachedZod: HostZod | undefined;

/**
 * The zod n8n-core checks tool schemas against (`instanceof`): an install holds several
 * copies, and a schema of any other is not recognised as zod. Taken from where n8n-core is,
 * found from n8n's entry script like the agent's classes.
 */
export function hostZod(): HostZod {
	if (cachedZod) return cachedZod;
	const entry = n8nEntryScript();
	try {
		const core = createRequire(entry).resolve('n8n-core');
		const found = (createRequire(core)('zod') as { z?: HostZod }).z;
		if (found && typeof found.object === 'function') return (cachedZod = found);
	} catch {
		// said below
	}
	throw new HostClassesMissingError(`the zod its n8n-core uses could not be found from n8n's entry script ${entry ?? '(none)'}`, n8nVersion(entry));
}

/**
 * The agent recognises tools by the host's own classes: an install holds several copies of
 * `@langchain/core` (n8n 1.123: a hoisted 1.4 and the AI nodes' nested 1.1), and a copy of
 * our own would be none of them. So the class is taken where n8n's AI nodes take theirs:
 * resolved from `@n8n/n8n-nodes-langchain`, found from n8n's own entry script. Outside n8n
 * (the unit tests) the entry script's own resolution is used.
 */
export function agentToolClass(): ToolConstructor {
	if (cached) return cached;
	const entry = n8nEntryScript();
	const anchors: string[] = [];
	try {
		anchors.push(createRequire(entry).resolve('@n8n/n8n-nodes-langchain/package.json'));
	} catch {
		// not an n8n with its AI nodes; the entry itself may still resolve LangChain
	}
	anchors.push(entry);
	for (const anchor of anchors) {
		try {
			const { DynamicStructuredTool, ToolInputParsingException } = createRequire(anchor)('@langchain/core/tools') as {
				DynamicStructuredTool: new (fields: object) => AgentTool;
				ToolInputParsingException: new () => Error;
			};
			if (typeof DynamicStructuredTool === 'function' && typeof ToolInputParsingException === 'function') {
				return (cached = civicToolClass(DynamicStructuredTool, ToolInputParsingException));
			}
		} catch {
			// try the next place
		}
	}
	throw new HostClassesMissingError(
		"its AI nodes' @langchain/core (DynamicStructuredTool) could not be found from n8n's entry script " +
			`${entry ?? '(none)'}; use n8n 1.123 or 2.x with its AI nodes, or the single-tool "Civic Tool" instead`,
		n8nVersion(entry),
	);
}

/** n8n's own entry script (`bin/n8n`), where n8n's modules are resolved from; outside n8n, the test runner's. */
function n8nEntryScript(): string {
	return require.main?.filename ?? process.argv[1];
}

function n8nVersion(entry: string | undefined): string {
	try {
		return `n8n ${(createRequire(entry ?? __filename)('n8n/package.json') as { version: string }).version}`;
	} catch {
		return 'n8n of unknown version';
	}
}

/** The host's DynamicStructuredTool, with a refusal by LangChain's schema check handed to the node's own check. */
function civicToolClass(Base: new (fields: object) => AgentTool, ParsingError: new () => Error): ToolConstructor {
	class CivicAgentTool extends Base {
		private readonly onRefused: AgentToolFields['onRefused'];

		constructor(fields: AgentToolFields) {
			super(fields);
			this.onRefused = fields.onRefused;
		}

		async call(arg: unknown, ...rest: unknown[]): Promise<unknown> {
			try {
				return await super.call(arg, ...rest);
			} catch (error) {
				if (!(error instanceof ParsingError)) throw error;
				const args = arg && typeof arg === 'object' && 'args' in arg && (arg as { type?: string }).type === 'tool_call' ? (arg as { args: unknown }).args : arg;
				return this.onRefused(args);
			}
		}
	}
	return CivicAgentTool as unknown as ToolConstructor;
}

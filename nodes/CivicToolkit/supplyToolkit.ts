import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { NodeConnectionTypes, NodeOperationError, type ISupplyDataFunctions, type SupplyData } from 'n8n-workflow';
import { answerAgentCall } from '../shared/agent/agentToolCall';
import { asToolkit } from '../shared/agent/agentToolkit';
import { agentToolClass, HostClassesMissingError, hostZod } from '../shared/agent/hostLangChain';
import { answerText, errorForModel } from '../shared/agent/modelAnswer';
import { modelSchema } from '../shared/agent/modelSchema';
import { isBehindReview, reviewableSchema } from '../shared/agent/reviewSchema';
import { agentToolName, selectTools, toolKind } from '../shared/agent/toolNames';
import { isHubMetaTool } from '../shared/tools/hubMetaTools';
import { checkTokenExpiry } from '../shared/n8n/executionNotices';
import { toNodeError } from '../shared/n8n/nodeError';
import { readNodeAccess, usersAmong } from '../shared/n8n/nodeAccess';
import { onItemHub } from '../shared/n8n/withHub';
import { readToolkitSettings } from './toolkitSettings';

/**
 * The agent's tools: the profile's list (a kept session and listing when there is one),
 * filtered by Tools to Include, each tool with the hub's name, description and schema.
 * Agents that call a tool's function (AI Agent 2.x) run it here, logged under this node as
 * n8n's own tool nodes are; agent 3 runs `execute()` instead, and this only lists. No session
 * is held between the listing and the calls, so nothing is left for n8n to close.
 */
export async function supplyToolkit(this: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData> {
	const node = this.getNode();
	let ToolClass;
	// behind n8n's human review each tool's schema must be n8n's own zod (reviewSchema)
	const reviewed = isBehindReview(this);
	try {
		ToolClass = agentToolClass();
		if (reviewed) hostZod();
	} catch (error) {
		if (error instanceof HostClassesMissingError) throw new NodeOperationError(node, error.message, { itemIndex });
		throw error;
	}
	const settings = readToolkitSettings(this, itemIndex);
	// with a Civic App, the agent's item names the end user: the tools are theirs, and each call acts as them
	const access = await readNodeAccess(this, settings.timeoutMs, itemIndex);
	const errorContext = access.errorContextFor(itemIndex);
	if (access.perUser) refuseMixedUsers(this, itemIndex);
	// the agent's calls are checked against their schemas: a cold process prepares that during the handshake
	const hubOptions = { ...settings, profile: errorContext.profile, checksArguments: true };
	let offered: Tool[];
	try {
		if (access.credentialToken) checkTokenExpiry(this, access.credentialToken, 3);
		const listed = await onItemHub(this, access, itemIndex, hubOptions, (hub) => hub.listTools());
		offered = selectTools(listed, settings.selection);
		if (settings.selection.mode === 'readOnly' || settings.selection.mode === 'changesData') tellUnhinted(this, listed);
	} catch (error) {
		throw toNodeError(node, error, errorContext, itemIndex);
	}
	if (!offered.length) {
		throw new NodeOperationError(node, `No tool of Civic profile "${errorContext.profile || "the Civic App's"}" is left to offer the agent`, {
			itemIndex,
			description:
				settings.selection.mode === 'all'
					? 'The profile has no tools: add servers to it in Civic.'
					: 'Check "Tools to Include": the chosen tools are not in the profile (or every tool is excluded).',
		});
	}
	// each call takes the session (and a user's exchanged token) afresh: a kept one costs
	// nothing, and the agent may call long after this, when a user's token has been renewed
	const answer = async (tool: string, args: Record<string, unknown>) => {
		try {
			return await onItemHub(this, access, itemIndex, hubOptions, (hub, catalogue) =>
				answerAgentCall(this, hub, catalogue, errorContext, { tool, args }, settings),
			);
		} catch (error) {
			return errorForModel(node, error, errorContext);
		}
	};
	const tools = offered.map((tool) => {
		const name = agentToolName(node.name, tool.name);
		const run = async (args: unknown) => {
			const input = args && typeof args === 'object' && !Array.isArray(args) ? (args as Record<string, unknown>) : {};
			const { index } = this.addInputData(NodeConnectionTypes.AiTool, [[{ json: { tool: name, ...input } }]]);
			const result = await answer(tool.name, input);
			this.addOutputData(NodeConnectionTypes.AiTool, index, [[{ json: result }]]);
			return answerText(result);
		};
		return new ToolClass({
			name,
			description: tool.description ?? tool.title ?? tool.name,
			schema: reviewed ? reviewableSchema(modelSchema(tool)) : modelSchema(tool),
			metadata: { isFromToolkit: true, sourceNodeName: node.name },
			func: run,
			onRefused: run,
		});
	});
	return { response: asToolkit(tools) };
}

/**
 * n8n hands the agent one toolkit for all its items, made for one item: AI Agent 2.x calls
 * the tools' functions for every item (they would act as this item's user), AI Agent 3
 * shows every item's model this user's tools. Items of several users in one agent run are
 * refused before anything is listed or called: nobody is ever served as another.
 */
function refuseMixedUsers(ctx: ISupplyDataFunctions, itemIndex: number): void {
	// the agent's items (a sub-node's own input is its AI connection, which carries none)
	const items = ctx.getInputData(0, NodeConnectionTypes.Main);
	const users = usersAmong(ctx, items.length);
	if (users <= 1) return;
	throw new NodeOperationError(ctx.getNode(), `The Civic Toolkit acts as one end user per agent run, but this run's ${items.length} items belong to ${users} different users`, {
		itemIndex,
		description:
			"An agent's tools are made once for all its items, so they could act only as one of these users: nothing was listed or run. Run the agent once per user: put a Loop Over Items node (batch size 1) before the AI Agent, or start the workflow once per user (one Webhook call each).",
	});
}

/** How many tools say nothing of what they do, and so count as changing data: a person splitting reads from writes should know. */
function tellUnhinted(ctx: ISupplyDataFunctions, listed: Tool[]): void {
	const tools = listed.filter((tool) => !isHubMetaTool(tool.name));
	const unhinted = tools.filter((tool) => toolKind(tool) === 'noHint');
	if (!unhinted.length) return;
	const message =
		`${unhinted.length} of the profile's ${tools.length} tools carry no read-only hint and count as changing data: ` +
		unhinted.map((tool) => tool.name).slice(0, 10).join(', ') + (unhinted.length > 10 ? ', …' : '');
	ctx.logger.info(`Civic Toolkit "${ctx.getNode().name}": ${message}`);
	ctx.addExecutionHints?.({ message, type: 'info', location: 'outputPane' });
}

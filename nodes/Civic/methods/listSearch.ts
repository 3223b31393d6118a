import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import type { HubClient } from '../transport/hubClient';
import { withHub } from '../transport/withHub';
import { isHubMetaTool } from '../utils/hubMetaTools';

/** A hub that keeps sending pages of nothing but meta-tools is looping. */
const MAX_EMPTY_PAGES = 20;

/**
 * The Tool list. Without a search term: one hub page per call, the hub's cursor passed
 * through as n8n's pagination token, so an 80-tool toolkit loads as the user scrolls.
 * With one: every page is searched at once, because the hub cannot search and n8n never
 * asks for the next page of a list that came back empty.
 */
export async function searchTools(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const wanted = filter?.trim().toLowerCase();
	return withHub(this, async (hub) => {
		if (wanted) return { results: (await hub.listTools()).filter((tool) => matches(tool, wanted)).map(toListItem) };
		return nextNonEmptyPage(hub, paginationToken || undefined);
	});
}

/** A page may hold only meta-tools; an empty page would end n8n's scrolling, so read on. */
async function nextNonEmptyPage(hub: HubClient, cursor: string | undefined): Promise<INodeListSearchResult> {
	for (let read = 0; read < MAX_EMPTY_PAGES; read++) {
		const page = await hub.listToolsPage(cursor);
		const results = page.tools.filter((tool) => !isHubMetaTool(tool.name)).map(toListItem);
		if (results.length || !page.nextCursor) return { results, paginationToken: page.nextCursor };
		cursor = page.nextCursor;
	}
	return { results: [] };
}

function matches(tool: Tool, wanted: string): boolean {
	if (isHubMetaTool(tool.name)) return false;
	return [tool.name, tool.title, tool.annotations?.title, tool.description].some((text) =>
		text?.toLowerCase().includes(wanted),
	);
}

function toListItem(tool: Tool): INodeListSearchItems {
	const title = tool.title ?? tool.annotations?.title;
	return {
		name: title ? `${title} (${tool.name})` : tool.name,
		value: tool.name,
		description: tool.description,
	};
}

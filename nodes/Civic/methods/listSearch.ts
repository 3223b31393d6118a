import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { withHub } from '../../shared/n8n/withHub';
import { isHubMetaTool } from '../../shared/tools/hubMetaTools';
import { shortText } from '../../shared/n8n/shortText';

const MAX_DESCRIPTION = 70;

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
		// asked afresh: a person looking for a tool just added in Civic must find it
		if (wanted) return { results: (await hub.listTools(true)).filter((tool) => matches(tool, wanted)).map(toListItem) };
		const page = await hub.listToolsPage(paginationToken || undefined);
		return { results: page.tools.filter((tool) => !isHubMetaTool(tool.name)).map(toListItem), paginationToken: page.nextCursor };
	});
}

function matches(tool: Tool, wanted: string): boolean {
	if (isHubMetaTool(tool.name)) return false;
	return [tool.name, tool.title, tool.annotations?.title, tool.description].some((text) =>
		text?.toLowerCase().includes(wanted),
	);
}

/** The editor's list shows only an item's name, so the name carries a short description too. */
function toListItem(tool: Tool): INodeListSearchItems {
	const title = tool.title ?? tool.annotations?.title;
	const label = title ? `${title} (${tool.name})` : tool.name;
	const short = shortText(tool.description, MAX_DESCRIPTION);
	return { name: short ? `${label} — ${short}` : label, value: tool.name, description: tool.description };
}

import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { withHub } from '../transport/withHub';

/**
 * The Tool list: one hub page per call, the hub's cursor passed through as n8n's
 * pagination token, so an 80-tool toolkit loads as the user scrolls.
 */
export async function searchTools(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = await withHub(this, (hub) => hub.listToolsPage(paginationToken || undefined));
	const wanted = filter?.trim().toLowerCase();
	const tools = wanted
		? page.tools.filter((tool) =>
				[tool.name, tool.title, tool.description].some((text) => text?.toLowerCase().includes(wanted)),
			)
		: page.tools;
	return {
		results: tools.map((tool) => ({
			name: tool.title ? `${tool.title} (${tool.name})` : tool.name,
			value: tool.name,
			description: tool.description,
		})),
		paginationToken: page.nextCursor,
	};
}

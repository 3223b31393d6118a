import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { shortText } from '../../shared/n8n/shortText';
import { withHub } from '../../shared/n8n/withHub';
import { isHubMetaTool } from '../../shared/tools/hubMetaTools';

const MAX_DESCRIPTION = 70;

/** Tools to Include / Exclude: every tool of the profile, asked afresh (a tool just added in Civic must be there). */
export async function getProfileTools(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return withHub(this, async (hub) =>
		(await hub.listTools(true))
			.filter((tool) => !isHubMetaTool(tool.name))
			.map((tool) => {
				const short = shortText(tool.description, MAX_DESCRIPTION);
				return { name: short ? `${tool.name} — ${short}` : tool.name, value: tool.name, description: tool.description };
			})
			.sort((a, b) => a.value.localeCompare(b.value)),
	);
}

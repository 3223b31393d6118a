import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { shortText } from '../../shared/n8n/shortText';
import { withHub } from '../../shared/n8n/withHub';
import { isHubMetaTool } from '../../shared/tools/hubMetaTools';
import { toolKind, type ToolKind } from '../../shared/agent/toolNames';

const KIND_WORDS: Record<ToolKind, string> = { readOnly: 'read-only', changesData: 'changes data', noHint: 'no hint: counts as changing data' };

const MAX_DESCRIPTION = 70;

/** Tools to Include / Exclude: every tool of the profile with its kind, asked afresh (a tool just added in Civic must be there). */
export async function getProfileTools(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return withHub(this, async (hub) =>
		(await hub.listTools(true))
			.filter((tool) => !isHubMetaTool(tool.name))
			.map((tool) => {
				const short = shortText(tool.description, MAX_DESCRIPTION);
				const name = `${tool.name} (${KIND_WORDS[toolKind(tool)]})`;
				return { name: short ? `${name} — ${short}` : name, value: tool.name, description: tool.description };
			})
			.sort((a, b) => a.value.localeCompare(b.value)),
	);
}

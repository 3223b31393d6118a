import type { FieldType, ILoadOptionsFunctions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';
import { withHub } from '../../shared/n8n/withHub';
import { resolveProperty, valueType, type JsonSchema } from '../../shared/tools/jsonSchema';
import { shortText } from '../../shared/n8n/shortText';

/** Longer descriptions are cut in the label; the whole schema is one "List Tools" away. */
const MAX_DESCRIPTION_IN_LABEL = 90;

/** The Arguments form: one field per property of the chosen tool's input schema. */
export async function getToolArguments(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const toolName = String(this.getNodeParameter('tool', '', { extractValue: true }) ?? '').trim();
	if (!toolName) return { fields: [], emptyFieldsNotice: 'Choose a tool first' };
	// the catalogue lists afresh when the tool is not in a kept listing (just added in Civic)
	const tool = await withHub(this, (_hub, catalogue) => catalogue.find(toolName));
	const fields = schemaToFields(tool.inputSchema as JsonSchema);
	return fields.length ? { fields } : { fields, emptyFieldsNotice: 'This tool takes no arguments: run it as it is.' };
}

export function schemaToFields(schema: JsonSchema): ResourceMapperField[] {
	const required = new Set(schema.required ?? []);
	return Object.entries(schema.properties ?? {}).map(([id, declared]) => {
		const property = resolveProperty(schema, declared);
		const field: ResourceMapperField = {
			id,
			displayName: label(id, property),
			required: required.has(id),
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type: fieldType(property),
		};
		if (property.enum) {
			field.options = property.enum
				.filter((value) => value !== null)
				.map((value) => ({ name: String(value), value: value as string | number | boolean }));
		}
		if (['string', 'number', 'boolean'].includes(typeof property.default)) {
			field.defaultValue = property.default as string | number | boolean;
		}
		return field;
	});
}

/**
 * n8n's resource mapper has no place for a field's description, so the label carries it:
 * "Event title — The title shown in the calendar". The schema's title, else the name.
 */
function label(id: string, property: JsonSchema): string {
	const name = property.title?.trim() || id;
	const whole = shortText(property.description, Number.POSITIVE_INFINITY);
	if (!whole || whole.toLowerCase() === name.toLowerCase()) return name;
	return `${name} — ${shortText(whole, MAX_DESCRIPTION_IN_LABEL)}`;
}

function fieldType(property: JsonSchema): FieldType {
	if (property.enum) return 'options';
	switch (valueType(property)) {
		case 'integer':
		case 'number':
			return 'number';
		case 'boolean':
			return 'boolean';
		case 'array':
			return 'array';
		case 'object':
			return 'object';
		case 'string':
			return property.format === 'date-time' ? 'dateTime' : 'string';
		default:
			return 'string';
	}
}

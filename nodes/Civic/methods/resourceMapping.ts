import type { FieldType, ILoadOptionsFunctions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { withHub } from '../transport/withHub';
import type { JsonSchema } from '../utils/toolArguments';

/** The Arguments form: one field per property of the chosen tool's input schema. */
export async function getToolArguments(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const toolName = String(this.getNodeParameter('tool', '', { extractValue: true }) ?? '').trim();
	if (!toolName) return { fields: [], emptyFieldsNotice: 'Choose a tool first' };
	const tools = await withHub(this, (hub) => hub.listTools());
	const tool = tools.find((t) => t.name === toolName);
	if (!tool) {
		throw new NodeOperationError(this.getNode(), `Tool "${toolName}" does not exist in this Civic profile`);
	}
	const fields = schemaToFields(tool.inputSchema as JsonSchema);
	return fields.length ? { fields } : { fields, emptyFieldsNotice: 'This tool takes no arguments' };
}

export function schemaToFields(schema: JsonSchema): ResourceMapperField[] {
	const required = new Set(schema.required ?? []);
	return Object.entries(schema.properties ?? {}).map(([id, property]) => {
		const field: ResourceMapperField = {
			id,
			displayName: property.title ?? id,
			required: required.has(id),
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type: fieldType(property),
		};
		if (property.enum) {
			field.options = property.enum.map((value) => ({ name: String(value), value: value as string | number | boolean }));
		}
		if (['string', 'number', 'boolean'].includes(typeof property.default)) {
			field.defaultValue = property.default as string | number | boolean;
		}
		return field;
	});
}

function fieldType(property: JsonSchema): FieldType {
	if (property.enum) return 'options';
	const type = Array.isArray(property.type) ? property.type.find((t) => t !== 'null') : property.type;
	switch (type) {
		case 'integer':
		case 'number':
			return 'number';
		case 'boolean':
			return 'boolean';
		case 'array':
			return 'array';
		case 'object':
			return 'object';
		default:
			return 'string';
	}
}

import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { modelSchema } from '../../../../nodes/shared/agent/modelSchema';
import { reviewableSchema } from '../../../../nodes/shared/agent/reviewSchema';
import { DEMO_TOOLS } from '../../../hub/demoTools';

/** The zod n8n-core loads: the one its human review checks a tool's schema against (`instanceof`). */
const coreZod = jest.requireActual(require.resolve('zod', { paths: [require.resolve('n8n-core')] })) as typeof import('zod');

const definition = (name: string) => DEMO_TOOLS.get(name)!.definition as Tool;

describe("a tool's schema behind n8n's human review", () => {
	it("is a schema of n8n-core's own zod, which n8n wraps as { toolParameters, hitlParameters }", () => {
		const schema = reviewableSchema(modelSchema(definition('google-gmail-send_message')));
		expect(schema).toBeInstanceOf(coreZod.ZodType);
		// what n8n-core's createHitlToolkit builds around it, and a model's call checked by it
		const gated = coreZod.z.object({ toolParameters: schema.describe('Input parameters for the tool'), hitlParameters: coreZod.z.object({}) });
		expect(gated.safeParse({ toolParameters: { to: 'a@b.c', subject: 'Hi' }, hitlParameters: {} }).success).toBe(true);
		expect(gated.safeParse({ toolParameters: { subject: 'Hi' }, hitlParameters: {} }).success).toBe(false);
	});

	it("tells the model the hub's properties, required ones, enums, nesting and descriptions", () => {
		const schema = reviewableSchema(modelSchema(definition('demo-schedule_meeting')));
		const seen = zodToJsonSchema(schema as never) as Record<string, any>;
		expect(seen.required).toEqual(['title', 'start', 'attendees']);
		expect(seen.properties.start).toMatchObject({ type: 'string', description: 'When the meeting starts (ISO 8601)' });
		expect(seen.properties.attendees).toMatchObject({ type: 'array', items: { type: 'object', required: ['email'] } });
		expect(seen.properties.attendees.items.properties.email).toMatchObject({ type: 'string' });
		const withEnum = (zodToJsonSchema as (schema: unknown) => unknown)(
			reviewableSchema({ type: 'object', properties: { level: { type: 'string', enum: ['low', 'high'] }, n: { type: 'integer' }, on: { type: 'boolean' } }, required: ['level'] }),
		) as Record<string, any>;
		expect(withEnum.properties).toEqual({ level: { type: 'string', enum: ['low', 'high'] }, n: { type: 'integer' }, on: { type: 'boolean' } });
	});

	it('leaves what lies too deep open instead of recursing without end (a hostile schema)', () => {
		let deep: Record<string, unknown> = { type: 'string' };
		for (let level = 0; level < 50_000; level++) deep = { type: 'object', properties: { d: deep } };
		const schema = reviewableSchema(deep);
		let value: Record<string, unknown> = { anything: [1, 'x'] };
		for (let level = 0; level < 20; level++) value = { d: value };
		expect(schema.safeParse(value).success).toBe(true);
	});
});

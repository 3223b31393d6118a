import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { modelSchema } from '../../../../nodes/shared/agent/modelSchema';
import { compileArgumentCheck } from '../../../../nodes/shared/tools/schemaValidator';

/** Each level refers to the one below four times: written out, 4^levels copies of the bottom. */
function explodingSchema(levels: number): Tool['inputSchema'] {
	const $defs: Record<string, unknown> = { L0: { type: 'string', description: 'leaf' } };
	for (let level = 1; level <= levels; level++) {
		const below = { $ref: `#/$defs/L${level - 1}` };
		$defs[`L${level}`] = { type: 'object', properties: { a: below, b: below, c: below, d: below } };
	}
	return { type: 'object', properties: { root: { $ref: `#/$defs/L${levels}` }, note: { type: 'string', description: 'kept' } }, required: ['note'], $defs };
}

describe('finding 9: a schema too big to write out', () => {
	const tool: Tool = { name: 'bomb', inputSchema: explodingSchema(14) };

	it('is offered in a simpler form instead of filling the heap', () => {
		expect(JSON.stringify(tool.inputSchema).length).toBeLessThan(2500);
		const offered = modelSchema(tool);
		expect(JSON.stringify(offered).length).toBeLessThan(200_000);
		expect(offered).toMatchObject({ type: 'object', required: ['note'], properties: { note: { type: 'string', description: 'kept' } } });
	});

	it('is still checked in full against the schema as the hub wrote it', () => {
		const check = compileArgumentCheck(tool.inputSchema as Record<string, unknown>);
		expect(check({ note: 'x', root: { a: { b: 7 } } })).toEqual(['"root.a.b" must be an object, got the integer 7']);
	});

	it('a schema of ordinary size is written out whole, as before', () => {
		expect(modelSchema({ name: 'small', inputSchema: explodingSchema(2) })).toMatchObject({
			properties: { root: { type: 'object', properties: { a: { type: 'object', properties: { a: { type: 'string', description: 'leaf' } } } } } },
		});
	});
});

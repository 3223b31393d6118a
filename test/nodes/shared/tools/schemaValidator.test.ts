import { compileArgumentCheck, keptChecks } from '../../../../nodes/shared/tools/schemaValidator';
import { CREATE_EVENT_SCHEMA, LEDGER_ENTRY_SCHEMA, SCHEDULE_MEETING_SCHEMA, VALID_EVENT } from '../../../hub/demoTools';

const meeting = compileArgumentCheck(SCHEDULE_MEETING_SCHEMA);
const ledger = compileArgumentCheck(LEDGER_ENTRY_SCHEMA);
const GOOD_MEETING = { title: 'Review', start: '2026-11-26T10:00:00Z', attendees: [{ email: 'ada@example.com' }] };
const GOOD_ENTRY = {
	entryId: '0b7e2f3c-1d4a-4b5c-9e8f-7a6b5c4d3e2f',
	amount: 120.5,
	currency: 'EUR',
	lines: [{ account: '4000', share: 1 }],
};

describe('argument checks from a tool\'s whole JSON Schema', () => {
	it('passes good arguments of both dialects (2020-12 as FastMCP writes, draft-07 as zod-to-json-schema writes)', () => {
		expect(meeting(GOOD_MEETING)).toEqual([]);
		expect(meeting({ ...GOOD_MEETING, priority: null, room: null, online: true })).toEqual([]);
		expect(ledger(GOOD_ENTRY)).toEqual([]);
		expect(ledger({ ...GOOD_ENTRY, bookedOn: '2026-11-25', reference: 'https://books.example.com/e/1' })).toEqual([]);
	});

	it.each([
		['format date-time', meeting, { ...GOOD_MEETING, start: 'tomorrow at ten' }, '"start" must be a date and time like 2026-11-25T10:00:00Z, got "tomorrow at ten"'],
		['format email behind $ref', meeting, { ...GOOD_MEETING, attendees: [{ email: 'not-an-email' }] }, '"attendees[0].email" must be an e-mail address, got "not-an-email"'],
		['required behind $ref', meeting, { ...GOOD_MEETING, attendees: [{ name: 'Ada' }] }, '"attendees[0].email" is required but missing'],
		['maximum inside a nullable anyOf', meeting, { ...GOOD_MEETING, priority: 9 }, '"priority" must be at most 5, got 9'],
		['minimum inside a nullable anyOf', meeting, { ...GOOD_MEETING, priority: 0 }, '"priority" must be at least 1, got 0'],
		['a type that fits no branch of anyOf', meeting, { ...GOOD_MEETING, priority: 'high' }, '"priority" must be an integer or null, got the text "high"'],
		['minLength', meeting, { ...GOOD_MEETING, title: '' }, '"title" must be at least 1 character long, got ""'],
		['maxLength', meeting, { ...GOOD_MEETING, title: 'x'.repeat(81) }, `"title" must be at most 80 characters long, got "${'x'.repeat(81)}"`],
		['pattern inside anyOf', meeting, { ...GOOD_MEETING, room: 'basement' }, '"room" must match the pattern ^[A-Z][0-9]{1,2}$, got "basement"'],
		['minItems', meeting, { ...GOOD_MEETING, attendees: [] }, '"attendees" must have at least 1 entry, got 0'],
		['additionalProperties false', meeting, { ...GOOD_MEETING, organiser: 'me' }, '"organiser" is not an argument of this tool'],
		['additionalProperties false behind $ref', meeting, { ...GOOD_MEETING, attendees: [{ email: 'a@b.co', role: 'chair' }] }, '"attendees[0].role" is not an argument of this tool'],
		['format uuid', ledger, { ...GOOD_ENTRY, entryId: '42' }, '"entryId" must be a UUID, got "42"'],
		['exclusiveMinimum (draft-07)', ledger, { ...GOOD_ENTRY, amount: 0 }, '"amount" must be greater than 0, got 0'],
		['enum', ledger, { ...GOOD_ENTRY, currency: 'BTC' }, '"currency" must be one of "EUR", "USD", "GBP", got "BTC"'],
		['format date', ledger, { ...GOOD_ENTRY, bookedOn: '25.11.2026' }, '"bookedOn" must be a date like 2026-11-25, got "25.11.2026"'],
		['format uri', ledger, { ...GOOD_ENTRY, reference: 'books/e/1' }, '"reference" must be an absolute URI like https://example.com/, got "books/e/1"'],
		['pattern and maximum behind definitions', ledger, { ...GOOD_ENTRY, lines: [{ account: '40', share: 2 }] }, '"lines[0].account" must match the pattern ^[0-9]{4}$, got "40"; "lines[0].share" must be at most 1, got 2'],
		['type', compileArgumentCheck(CREATE_EVENT_SCHEMA), { ...VALID_EVENT, durationMinutes: 'soon' }, '"durationMinutes" must be an integer, got the text "soon"'],
	])('%s', (_keyword, check, args, message) => {
		expect(check(args as Record<string, unknown>).join('; ')).toBe(message);
	});

	it('reports every problem of an item at once', () => {
		expect(meeting({ start: 'soon', attendees: [], extra: 1 })).toEqual([
			'"title" is required but missing',
			'"extra" is not an argument of this tool',
			'"start" must be a date and time like 2026-11-25T10:00:00Z, got "soon"',
			'"attendees" must have at least 1 entry, got 0',
		]);
	});

	it('lets two schemas with the same $id live side by side', () => {
		const a = compileArgumentCheck({ $id: 'urn:args', type: 'object', properties: { n: { type: 'integer' } } });
		const b = compileArgumentCheck({ $id: 'urn:args', type: 'object', properties: { n: { type: 'string' } } });
		expect([a({ n: 1 }), b({ n: 1 })]).toEqual([[], ['"n" must be a string, got the integer 1']]);
	});

	it('refuses to compile a schema ajv cannot read, so the caller can skip local checks', () => {
		expect(() => compileArgumentCheck({ type: 'object', properties: { a: { $ref: '#/$defs/missing' } } })).toThrow();
	});
});

describe('finding 9 and 11: hostile schemas', () => {
	it('checks a catastrophic pattern in linear time (a native RegExp would block n8n for ever here)', () => {
		const check = compileArgumentCheck({ type: 'object', properties: { code: { type: 'string', pattern: '^(a+)+$' } } });
		expect(check({ code: `${'a'.repeat(60)}!` })).toEqual(['"code" must match the pattern ^(a+)+$, got "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"']);
		expect(check({ code: 'aaaa' })).toEqual([]);
	});

	it('leaves a pattern RE2 cannot read to the hub, and still checks the rest', () => {
		const check = compileArgumentCheck({ type: 'object', properties: { a: { type: 'string', pattern: '^(?=x)' }, n: { type: 'integer' } } });
		expect(check({ a: 'y', n: 'one' })).toEqual(['"n" must be an integer, got the text "one"']);
	});

	it('compiles each distinct schema once, and keeps a bounded number of them', () => {
		const schema = (n: number) => ({ type: 'object', properties: { [`field${n}`]: { type: 'string' } } });
		expect(compileArgumentCheck(schema(-1))).toBe(compileArgumentCheck(JSON.parse(JSON.stringify(schema(-1)))));
		for (let n = 0; n < 600; n++) compileArgumentCheck(schema(n));
		expect(keptChecks()).toBeLessThanOrEqual(256);
	});

	it('judges each schema by its own content, whatever $id two of them share', () => {
		const first = compileArgumentCheck({ $id: 'urn:shared', type: 'object', required: ['a'], properties: { a: { type: 'string' } } });
		const second = compileArgumentCheck({ $id: 'urn:shared', type: 'object', required: ['b'], properties: { b: { type: 'string' } } });
		expect(first({ b: 'x' })).toEqual(['"a" is required but missing']);
		expect(second({ b: 'x' })).toEqual([]);
		const nested = { type: 'object', properties: { p: { $id: 'urn:p', type: 'string' } } };
		expect(compileArgumentCheck(nested)({ p: 1 })).toEqual(['"p" must be a string, got the integer 1']);
		expect(compileArgumentCheck({ ...nested, properties: { p: { $id: 'urn:p', type: 'integer' } } })({ p: 1 })).toEqual([]);
	});
});

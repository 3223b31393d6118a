import { getToolArguments } from '../../../../nodes/Civic/methods/resourceMapping';
import { credentialsFor, useHub } from '../../../harness/hub';
import { loadOptionsContext } from '../../../harness/n8n';

describe('Arguments resource mapper', () => {
	const hub = useHub();
	const fieldsFor = (tool: string) =>
		getToolArguments.call(
			loadOptionsContext({ operation: 'runTool', tool: { __rl: true, mode: 'list', value: tool } }, credentialsFor(hub())),
		);

	it('makes one field per argument, with types, required flags, enum options and defaults', async () => {
		const { fields } = await fieldsFor('demo-create_event');
		const byId = Object.fromEntries(fields.map((f) => [f.id, f]));
		expect(Object.keys(byId)).toEqual(['title', 'visibility', 'durationMinutes', 'priority', 'allDay', 'attendees', 'location', 'notes']);
		expect(Object.fromEntries(fields.map((f) => [f.id, [f.type, f.required]]))).toEqual({
			title: ['string', true],
			visibility: ['options', true],
			durationMinutes: ['number', true],
			priority: ['number', true],
			allDay: ['boolean', true],
			attendees: ['array', true],
			location: ['object', true],
			notes: ['string', false],
		});
		expect(byId.visibility.options).toEqual([
			{ name: 'public', value: 'public' },
			{ name: 'private', value: 'private' },
			{ name: 'confidential', value: 'confidential' },
		]);
		expect(byId.visibility.defaultValue).toBe('private');
		expect(fields.every((f) => f.display && !f.defaultMatch)).toBe(true);
	});

	it('reads schemas as MCP servers write them: $ref, nullable anyOf, date-time, defaults, titles and descriptions in the label', async () => {
		const { fields } = await fieldsFor('demo-schedule_meeting');
		expect(fields.map((f) => [f.id, f.displayName, f.type, f.required, f.defaultValue])).toEqual([
			['title', 'Title — Shown in the calendar', 'string', true, undefined],
			['start', 'Start — When the meeting starts (ISO 8601)', 'dateTime', true, undefined],
			['attendees', 'Attendees', 'array', true, undefined],
			['priority', 'Priority — 1 (low) to 5 (urgent)', 'number', false, undefined],
			['room', 'Room', 'string', false, 'B2'],
			['online', 'Online', 'boolean', false, false],
		]);
	});

	it('finds a tool on a later page of tools/list', async () => {
		const { fields } = await fieldsFor('xero-list_invoices');
		expect(fields).toEqual([expect.objectContaining({ id: 'limit', type: 'number', required: false, defaultValue: 10 })]);
	});

	it('says when a tool takes no arguments, or none is chosen', async () => {
		expect(await fieldsFor('demo-list_numbers_json')).toEqual({ fields: [], emptyFieldsNotice: 'This tool takes no arguments: run it as it is.' });
		expect(await fieldsFor('')).toEqual({ fields: [], emptyFieldsNotice: 'Choose a tool first' });
	});

	it('names a tool that does not exist', async () => {
		await expect(fieldsFor('nope')).rejects.toThrow('Tool "nope" does not exist in Civic profile "demo"');
	});
});

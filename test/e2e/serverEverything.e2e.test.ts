/**
 * The node against an MCP server nobody here wrote: @modelcontextprotocol/server-everything
 * over Streamable HTTP, in its own process, driven through n8n-core's WorkflowExecute.
 * It ignores Civic's URL parameters and the bearer token, so this checks only the MCP side:
 * that our client, argument handling and result mapping agree with someone else's server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { ICredentialDataDecryptedObject, INodeParameters, ResourceMapperFields, ResourceMapperValue } from 'n8n-workflow';
import { Civic } from '../../nodes/Civic/Civic.node';
import { freedPort } from '../harness/ports';
import { loadOptionsContext, runNode } from '../harness/n8n';
import { jsonMode } from '../harness/parameters';
import { stopProcess } from './processes';
import { generateSigningKeys } from '../hub/jwt';
import { TokenMinter } from '../hub/tokens';
import { DEMO_ACCOUNT_ID, DEMO_PROFILE } from '../hub/directory';

let server: ChildProcess;
let credentials: ICredentialDataDecryptedObject;

beforeAll(async () => {
	const port = await freedPort();
	server = spawn(process.execPath, [require.resolve('@modelcontextprotocol/server-everything/dist/index.js'), 'streamableHttp'], {
		env: { ...process.env, PORT: String(port) },
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	await new Promise<void>((resolve, reject) => {
		let log = '';
		server.stderr!.on('data', (chunk) => {
			log += chunk;
			if (log.includes('listening on port')) resolve();
		});
		server.once('exit', () => reject(new Error(`server-everything exited:\n${log}`)));
	});
	credentials = {
		accountId: DEMO_ACCOUNT_ID,
		profile: DEMO_PROFILE.alias,
		apiToken: new TokenMinter(generateSigningKeys()).valid(),
		hubUrl: `http://127.0.0.1:${port}/mcp`,
		lock: true,
		skills: '',
	};
}, 30_000);

afterAll(() => stopProcess(server));

const call = (tool: string, args: object, options: INodeParameters = {}) =>
	runNode({ credentials, parameters: jsonMode(tool, JSON.stringify(args), { options }) });

describe('the Civic node on @modelcontextprotocol/server-everything', () => {
	it.each([
		['get-sum', { a: 'one', b: 2 }, '"a" must be a number, got the text "one"'],
		['get-structured-content', { location: 'Paris' }, '"location" must be one of "New York", "Chicago", "Los Angeles", got "Paris"'],
		['get-annotated-message', { includeImage: 'yes' }, '"messageType" is required but missing; "includeImage" must be a boolean, got the text "yes"'],
	])('checks arguments against its (draft-07) schema before sending: %s', async (tool, args, problem) => {
		const { error } = await call(tool, args);
		expect(error?.message).toBe(`Invalid arguments for tool "${tool}": ${problem}`);
		expect(error?.description).toContain('Nothing was sent to the tool');
	});

	it('runs it when the arguments fit', async () => {
		const { items, error } = await call('get-sum', { a: 1, b: 2 });
		expect(error).toBeUndefined();
		expect(JSON.stringify(items[0].json)).toContain('3');
	});

	it('lists its tools with their schemas', async () => {
		const { items, error } = await runNode({ credentials, parameters: { operation: 'listTools' } });
		expect(error).toBeUndefined();
		const byName = Object.fromEntries(items.map((i) => [i.json.name, i.json]));
		expect(Object.keys(byName)).toEqual(
			expect.arrayContaining(['echo', 'get-tiny-image', 'get-structured-content', 'get-resource-reference', 'trigger-long-running-operation']),
		);
		expect(byName['get-structured-content'].outputSchema).toMatchObject({ properties: { temperature: { type: 'number' } } });
	});

	it('runs echo on every item in manual mode, with fields from its schema', async () => {
		const context = loadOptionsContext({ operation: 'runTool', tool: { __rl: true, mode: 'name', value: 'echo' } }, credentials);
		const { fields } = (await new Civic().methods.resourceMapping.getToolArguments.call(context)) as ResourceMapperFields;
		expect(fields.map((f) => [f.id, f.type, f.required])).toEqual([['message', 'string', true]]);

		const value: ResourceMapperValue = {
			mappingMode: 'defineBelow',
			value: { message: '={{ $json.word }}' },
			matchingColumns: [],
			schema: fields,
			attemptToConvertTypes: false,
			convertFieldsToString: false,
		};
		const { items, error } = await runNode({
			credentials,
			items: [{ json: { word: 'alpha' } }, { json: { word: 'beta' } }],
			parameters: { operation: 'runTool', tool: { __rl: true, mode: 'name', value: 'echo' }, inputMode: 'manual', arguments: value },
		});
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{ json: { text: 'Echo: alpha' }, pairedItem: { item: 0 } },
			{ json: { text: 'Echo: beta' }, pairedItem: { item: 1 } },
		]);
	});

	it('turns its image into binary data beside the text', async () => {
		const { items, error } = await call('get-tiny-image', {});
		expect(error).toBeUndefined();
		expect(items[0].json.text).toContain("Here's the image you requested");
		expect(items[0].binary?.data).toMatchObject({ mimeType: 'image/png', fileName: 'get-tiny-image-image.png', fileExtension: 'png' });
	});

	it('takes structured content as the item', async () => {
		const { items, error } = await call('get-structured-content', { location: 'Chicago' });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({
			temperature: expect.any(Number),
			conditions: expect.any(String),
			humidity: expect.any(Number),
		});
	});

	it('keeps an embedded text resource as a field and an embedded blob as binary data', async () => {
		const text = await call('get-resource-reference', { resourceType: 'Text', resourceId: 1 });
		expect(text.error).toBeUndefined();
		expect(text.items[0].json.resources).toEqual([
			{ uri: 'demo://resource/dynamic/text/1', mimeType: 'text/plain', text: expect.stringMatching(/^Resource 1: This is a plaintext resource/) },
		]);

		const blob = await call('get-resource-reference', { resourceType: 'Blob', resourceId: 2 });
		expect(blob.error).toBeUndefined();
		const file = blob.items[0].binary?.data;
		expect(file).toMatchObject({ mimeType: 'text/plain' });
		expect(Buffer.from(file!.data, 'base64').toString()).toMatch(/^Resource 2: This is a base64 blob/);
	});

	it('keeps resource links as fields', async () => {
		const { items, error } = await call('get-resource-links', { count: 2 });
		expect(error).toBeUndefined();
		expect(items[0].json.links).toEqual([
			expect.objectContaining({ uri: expect.stringMatching(/^demo:\/\/resource\//) }),
			expect.objectContaining({ uri: expect.stringMatching(/^demo:\/\/resource\//) }),
		]);
	});

	it('lets progress reports carry a long-running tool past the timeout', async () => {
		const args = { duration: 4, steps: 4 };
		const carried = await call('trigger-long-running-operation', args, { timeout: 2, maxTotalTime: 30 });
		expect(carried.error).toBeUndefined();
		expect(carried.items[0].json.text).toBe('Long running operation completed. Duration: 4 seconds, Steps: 4.');

		const cut = await call('trigger-long-running-operation', { duration: 4, steps: 1 }, { timeout: 2, maxTotalTime: 30 });
		expect(cut.error?.message).toMatch(/did not answer within 2 seconds/);
	}, 30_000);
});

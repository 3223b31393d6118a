import { CONTINUE_JOB_TOOL } from '../../../hub/authorizations';
import { startElsewhere, type Elsewhere } from '../../../harness/elsewhere';
import { credentialsFor, useHub } from '../../../harness/hub';
import { runNode, type RunOptions } from '../../../harness/n8n';
import { jsonMode } from '../../../harness/parameters';

const GMAIL = 'google-gmail-send_message';
const ARGS = '{"to": "a@b.c", "subject": "Hi"}';
const AUTH_URL = /^http:\/\/127\.0\.0\.1:\d+\/hub\/authorize\/[0-9a-f-]{36}$/;

describe('Civic node: tools that need authorization first', () => {
	const hub = useHub();
	const run = (options: Partial<RunOptions> & { wait?: number; tool?: string; raw?: boolean }) =>
		runNode({
			credentials: credentialsFor(hub()),
			parameters: jsonMode(options.tool ?? GMAIL, ARGS, {
				options: { authorizationWait: options.wait ?? 0, ...(options.raw ? { rawOutput: true } : {}) },
			}),
			...options,
		});
	const twoItems = [{ json: {} }, { json: {} }];

	describe('without waiting', () => {
		it('fails the run, naming the tool and the page to open; the tool did not run', async () => {
			const { items, error } = await run({});
			expect(items).toEqual([]);
			const inMessage = / did not run: its service must be authorized in Civic first at (\S+)$/.exec(error?.message ?? '');
			expect(error?.message).toMatch(new RegExp(`^The tool "${GMAIL}"`));
			expect(inMessage?.[1]).toMatch(AUTH_URL);
			const url = /^Open (\S+) , sign in and allow access for profile "demo", then run the workflow again\./.exec(error?.description ?? '');
			expect(url?.[1]).toMatch(AUTH_URL);
			expect(error?.description).toContain('set the option "Wait for Authorization (Seconds)"');
			expect(error?.description).toContain('Civic said: "Authorization required."');
			expect(hub().toolCalls(GMAIL)).toBe(0);
			// the URL comes from the status endpoint, asked once with GET
			expect(hub().authorizations.statusRequests).toEqual({ GET: 1 });
		});

		it('under Continue On Fail gives each item an error with authorizationUrl and tool, so a next node can mail it', async () => {
			const { items, error } = await run({ items: twoItems, continueOnFail: true });
			expect(error).toBeUndefined();
			expect(items).toEqual([0, 1].map((i) => ({
				json: {
					error: expect.stringContaining('did not run'),
					description: expect.stringContaining('Open http://'),
					tool: GMAIL,
					authorizationUrl: expect.stringMatching(AUTH_URL),
				},
				pairedItem: { item: i },
			})));
			expect(items[0].json.authorizationUrl).not.toBe(items[1].json.authorizationUrl);
			expect(JSON.stringify(items)).not.toContain(credentialsFor(hub()).apiToken.split('.')[2]);
		});

		it('under "Continue (using error output)" sends the items out of the error output, with the URL in the message n8n keeps', async () => {
			const { items, errorItems } = await run({ items: twoItems, errorOutput: true });
			expect(items).toEqual([]);
			const urls = errorItems.map((i) => / at (\S+)$/.exec(String(i.json.error))?.[1]);
			expect(urls).toEqual([expect.stringMatching(AUTH_URL), expect.stringMatching(AUTH_URL)]);
		});

		it('keeps Output Raw Result honest: the raw reply is still an error', async () => {
			const { items, error } = await run({ raw: true });
			expect(items).toEqual([]);
			expect(error?.message).toContain('did not run');
		});

		it('recognises Civic\'s default shape (an older hub): authorization_url, no status endpoint', async () => {
			hub().authorizations.settings = { ignoreRestAuth: true };
			const { error } = await run({ wait: 30, items: [{ json: {} }], continueOnFail: true }).then((r) => ({ error: r.items[0].json }));
			expect(error).toMatchObject({ error: expect.stringContaining('did not run'), authorizationUrl: expect.stringMatching(AUTH_URL) });
			expect(hub().authorizations.statusRequests).toEqual({});
		});
	});

	describe('"promotion required"', () => {
		it('fails at once, even with a wait, naming the profile and the admin\'s step', async () => {
			const started = Date.now();
			const { error } = await run({ tool: 'outlook-send_mail', wait: 60 });
			expect(Date.now() - started).toBeLessThan(5_000);
			expect(error?.message).toBe(
				'The tool "outlook-send_mail" did not run: its credential exists in Civic but is not assigned to this profile',
			);
			expect(error?.description).toMatch(
				/^Waiting does not help: an account admin must assign the existing credential to profile "demo" on Civic's authorizations page/,
			);
			expect(error?.description).toContain('Civic said: "A matching credential exists but is not assigned to this profile.');
		});
	});

	describe('waiting for a person', () => {
		it('polls (GET once, then HEAD every 2 s), resumes with continue_job once per item, and outputs the real result', async () => {
			hub().authorizations.settings = { approveAfterMs: 1_000 };
			const { items, error, hints } = await run({
				items: twoItems,
				parameters: jsonMode(GMAIL, ARGS, { options: { authorizationWait: 30, parallelism: 2 } }),
			});
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json)).toEqual([0, 1].map(() => ({ sent: true, to: 'a@b.c', subject: 'Hi', id: 'msg-1' })));
			expect(hub().toolCalls(CONTINUE_JOB_TOOL)).toBe(2);
			expect(hub().toolCalls(GMAIL)).toBe(2);
			expect(hub().authorizations.statusRequests).toEqual({ GET: 2, HEAD: 2 });
			expect(hints).toEqual(
				[0, 1].map((i) =>
					expect.objectContaining({
						type: 'info',
						message: expect.stringMatching(new RegExp(`^Waiting up to 30 s for the service of tool "${GMAIL}" \\(item ${i + 1}\\) to be authorized in Civic: open http://`)),
					}),
				),
			);
		});

		it('goes straight to continue_job when the job is already approved at the first look', async () => {
			hub().authorizations.settings = { alreadyApproved: true };
			const { items } = await run({ wait: 30 });
			expect(items[0].json).toMatchObject({ sent: true });
			expect(hub().authorizations.statusRequests).toEqual({ GET: 1 });
			expect(hub().toolCalls(CONTINUE_JOB_TOOL)).toBe(1);
		});

		it('follows a multi-step authorization, one job after another', async () => {
			hub().authorizations.settings = { approveAfterMs: 0, steps: 3 };
			const { items } = await run({ wait: 30 });
			expect(items[0].json).toMatchObject({ sent: true });
			expect(hub().toolCalls(CONTINUE_JOB_TOOL)).toBe(3);
			expect(hub().toolCalls(GMAIL)).toBe(1);
		});

		it('fails with Civic\'s own error when the job ends in 422', async () => {
			hub().authorizations.settings = { failAfter: { ms: 500, error: 'The user denied access to Gmail' } };
			const { error } = await run({ wait: 30 });
			expect(error?.message).toBe(`The tool "${GMAIL}" did not run: Civic reports that its authorization failed`);
			expect(error?.description).toContain('Civic said: "The user denied access to Gmail"');
			expect(hub().toolCalls(CONTINUE_JOB_TOOL)).toBe(0);
		});

		it('gives up when the wait runs out, with the URL and how long it waited', async () => {
			const { error } = await run({ wait: 3, items: [{ json: {} }], continueOnFail: true }).then((r) => ({ error: r.items[0].json }));
			expect(error.authorizationUrl).toMatch(AUTH_URL);
			expect(error.description).toContain('The node waited 3 s and the authorization was not completed in time.');
			expect(hub().authorizations.statusRequests).toEqual({ GET: 1, HEAD: 2 });
		});

		describe("a call Civic holds for a person's approval (approval mode: no page to open)", () => {
			it('waits for the approval, saying so in approval words, then runs the tool once', async () => {
				hub().authorizations.settings = { approvalMode: true, approveAfterMs: 1_000 };
				const { items, error, hints } = await run({ wait: 30 });
				expect(error).toBeUndefined();
				expect(items[0].json).toMatchObject({ sent: true });
				expect([hub().toolCalls(GMAIL), hub().toolCalls(CONTINUE_JOB_TOOL)]).toEqual([1, 1]);
				expect(hints).toEqual([expect.objectContaining({ message: `Waiting up to 30 s for a person to approve tool "${GMAIL}" (item 1) in Civic` })]);
			});

			it('is never a success nor a sign-in story when nobody approves: the item says it waits for approval in Civic', async () => {
				hub().authorizations.settings = { approvalMode: true };
				const { items } = await run({ wait: 2, items: [{ json: {} }], continueOnFail: true });
				const [{ json }] = items;
				expect(json.error).toBe(`The tool "${GMAIL}" did not run: Civic holds it until a person approves it in Civic`);
				expect(json.description).toMatch(/^Civic gave no page to open: a person with access to profile "demo" must approve the call in Civic/);
				expect(json.description).toContain('The node waited 2 s and nobody approved it in that time.');
				expect(json.description).toContain(`Civic said: "${GMAIL} is waiting for approval in Civic."`);
				expect(json).not.toHaveProperty('authorizationUrl');
				expect(hub().toolCalls(GMAIL)).toBe(0);
			});

			it('without a wait fails at once with the same words, and tells how to wait', async () => {
				hub().authorizations.settings = { approvalMode: true };
				const { error } = await run({ wait: 0 });
				expect(error?.message).toBe(`The tool "${GMAIL}" did not run: Civic holds it until a person approves it in Civic`);
				expect(error?.description).toContain('set the option "Wait for Authorization (Seconds)"');
				expect(hub().toolCalls(GMAIL)).toBe(0);
			});
		});

		it('says so when Civic forgets the job while the node waits (404)', async () => {
			setTimeout(() => hub().authorizations.reset(), 500);
			const { error } = await run({ wait: 30 });
			expect(error?.description).toContain('Civic no longer knows this authorization job (HTTP 404)');
		});

		it('stops waiting when the execution is cancelled', async () => {
			const controller = new AbortController();
			setTimeout(() => controller.abort(), 500);
			const started = Date.now();
			const { items } = await run({ wait: 60, abortSignal: controller.signal });
			expect(items).toEqual([]);
			expect(Date.now() - started).toBeLessThan(5_000);
			expect(hub().toolCalls(CONTINUE_JOB_TOOL)).toBe(0);
		});
	});

	describe('the token goes only to the hub', () => {
		let elsewhere: Elsewhere;
		beforeAll(async () => (elsewhere = await startElsewhere()));
		afterAll(() => elsewhere.close());

		it('refuses a status endpoint on another origin without sending anything there', async () => {
			const other = elsewhere.origin;
			hub().authorizations.settings = { pollingOrigin: other };
			const { error } = await run({ wait: 30 });
			expect(error?.message).toBe(`Refused to send the Civic token to ${other.slice(7)}: it is not the hub's own origin`);
			expect(elsewhere.requests()).toBe(0);
		});
	});

	describe('as an AI Agent tool', () => {
		it('hands the model readable text with the URL, as Civic advises, instead of failing the agent', async () => {
			const { items, error } = await run({ asTool: true });
			expect(error).toBeUndefined();
			expect(items[0].json).toEqual({
				tool: GMAIL,
				authorizationUrl: expect.stringMatching(AUTH_URL),
				message: expect.stringMatching(
					/^This action requires authorization\. Please ask the user to authorize at: http:\/\/\S+ — once they have completed authorization, retry the action\.$/,
				),
			});
		});

		it('tells the model the call waits for approval in Civic, not for a sign-in, when Civic holds it for a person', async () => {
			hub().authorizations.settings = { approvalMode: true };
			const { items, error } = await run({ asTool: true });
			expect(error).toBeUndefined();
			expect(items[0].json).toEqual({
				tool: GMAIL,
				message: 'This action is waiting for approval in Civic. Please ask the user to approve it on app.civic.com for profile "demo" — once it is approved, retry the action.',
			});
			expect(hub().toolCalls(GMAIL)).toBe(0);
		});

		it('tells the model that an admin must assign the credential', async () => {
			const { items } = await run({ asTool: true, tool: 'outlook-send_mail' });
			expect(items[0].json.message).toMatch(/not assigned to profile "demo"\. Please ask the user to have an account admin assign it/);
		});
	});
});

import { credentialsFor, useHub } from '../../harness/hub';
import { pollingWorkflow } from '../../harness/n8n';
import { freedPort } from '../../harness/ports';

const DAY = 24 * 60 * 60;

describe('Civic Trigger: Token Expires Soon', () => {
	const hub = useHub();
	let token: string;
	const watch = (parameters: Record<string, unknown> = {}) =>
		pollingWorkflow({ event: 'tokenExpiresSoon', daysBeforeExpiry: 5, ...parameters }, () => credentialsFor(hub(), { apiToken: token }));
	const events = (result: Awaited<ReturnType<ReturnType<typeof watch>['poll']>>) =>
		result ? result[0].map((item) => item.json.event) : [];

	it('stays silent while the token is comfortably valid, and asks the hub nothing', async () => {
		token = hub().tokens.expiringSoon(12);
		const trigger = watch();
		for (let i = 0; i < 3; i++) expect(await trigger.poll()).toBeNull();
		expect(hub().stats.methods).toEqual({});
	});

	it('fires once when the token enters the window, with what a person needs, and not on the next polls', async () => {
		token = hub().tokens.expiringSoon(3);
		const trigger = watch();
		const first = await trigger.poll();
		expect(first).toEqual([
			[
				{
					json: {
						event: 'tokenExpiresSoon',
						profile: 'demo',
						accountId: 'acct_demo_0001',
						expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
						daysLeft: 3,
						expired: false,
						howToRenew: expect.stringMatching(/^On app\.civic\.com open Tools → Install, choose the profile "demo", press Install/),
						credential: 'Civic (test)',
						message: expect.stringMatching(
							/^The Civic token for profile "demo" expires on \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in 3 days\)\. Generate a new one on app\.civic\.com \(Tools → Install → "demo" → Install\) and paste it into the Civic API credential "Civic \(test\)"\.$/,
						),
					},
				},
			],
		]);
		expect(await trigger.poll()).toBeNull();
		expect(await trigger.poll()).toBeNull();
		// what n8n stores between polls names the token by a hash only
		expect(JSON.stringify(trigger.workflow.staticData)).not.toContain(token);
		expect(JSON.stringify(first)).not.toContain(token);
	});

	it('fires again when the same token has expired, then falls silent', async () => {
		token = hub().tokens.mint({ expiresIn: 2 });
		const trigger = watch();
		expect(events(await trigger.poll())).toEqual(['tokenExpiresSoon']);
		await new Promise((resolve) => setTimeout(resolve, 2_100));
		const expired = await trigger.poll();
		expect(events(expired)).toEqual(['tokenExpired']);
		expect(expired?.[0][0].json).toMatchObject({ expired: true, message: expect.stringMatching(/expired on .* UTC\. Generate a new one/) });
		expect(await trigger.poll()).toBeNull();
	});

	it('starts afresh for a new token', async () => {
		token = hub().tokens.expiringSoon(2);
		const trigger = watch();
		expect(events(await trigger.poll())).toEqual(['tokenExpiresSoon']);
		token = hub().tokens.expiringSoon(1);
		expect(events(await trigger.poll())).toEqual(['tokenExpiresSoon']);
		expect(await trigger.poll()).toBeNull();
	});

	it('fires only "expired" for a token first seen after it expired', async () => {
		token = hub().tokens.expired(1);
		const trigger = watch();
		expect(events(await trigger.poll())).toEqual(['tokenExpired']);
		expect(await trigger.poll()).toBeNull();
	});

	it('shows the status now on "Fetch Test Event", whatever was announced', async () => {
		token = hub().tokens.expiringSoon(20);
		const trigger = watch();
		const [[item]] = (await trigger.poll('manual'))!;
		expect(item.json).toMatchObject({ event: 'tokenStatus', daysLeft: 20, expired: false });
	});

	describe('also asking the hub', () => {
		it('fires "Token Rejected" once with the hub\'s reason when the hub refuses a token that looks fine', async () => {
			token = hub().tokens.badlySigned();
			const trigger = watch({ askHub: true });
			const result = await trigger.poll();
			expect(events(result)).toEqual(['tokenRejected']);
			expect(result?.[0][0].json).toMatchObject({
				hubAccepts: false,
				message: expect.stringContaining('The hub refused it: Civic rejected the token (HTTP 401)'),
			});
			expect(await trigger.poll()).toBeNull();
			expect(JSON.stringify(result)).not.toContain(token);
		});

		it('stays silent while the hub accepts a comfortable token, and ends each session', async () => {
			token = hub().tokens.expiringSoon(20);
			const trigger = watch({ askHub: true });
			expect(await trigger.poll()).toBeNull();
			expect(hub().stats.sessionsCreated).toBe(1);
			expect(hub().openSessions).toBe(0);
		});

		it('fails the poll (n8n shows it) when the hub cannot be reached, rather than calling it a rejection', async () => {
			token = hub().tokens.valid();
			const port = await freedPort();
			const trigger = pollingWorkflow({ askHub: true }, () => credentialsFor(hub(), { apiToken: token, hubUrl: `http://127.0.0.1:${port}/hub/mcp` }));
			await expect(trigger.poll()).rejects.toThrow(`Cannot reach the Civic hub at 127.0.0.1:${port}: connection refused`);
		});
	});

	it('reads days as whole days left: a token 5.5 days away is outside a 5-day window', async () => {
		token = hub().tokens.mint({ expiresIn: 5.5 * DAY });
		expect(await watch().poll()).toBeNull();
		token = hub().tokens.mint({ expiresIn: 4.9 * DAY });
		expect(events(await watch().poll())).toEqual(['tokenExpiresSoon']);
	});
});

import { oauthCredentialsFor, useHub } from '../../harness/hub';
import { pollingWorkflow } from '../../harness/n8n';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Civic Trigger with a Civic OAuth2 credential', () => {
	const hub = useHub();
	const OAUTH = { authentication: 'civicOAuth2Api' };

	it('has nothing to warn about while the sign-in renews itself', async () => {
		hub().auth.signIn.accessTokenSeconds = 3;
		const credentials = oauthCredentialsFor(hub());
		const trigger = pollingWorkflow(OAUTH, () => credentials);
		expect(await trigger.poll()).toBeNull();
		await sleep(3100);
		expect(await trigger.poll()).toBeNull();
		expect(hub().auth.signIn.stats.refreshes).toEqual({ 'oauth-ada': 1 });
	});

	it('fires "Token Rejected" once when Civic no longer accepts the sign-in, saying to connect again', async () => {
		hub().auth.signIn.accessTokenSeconds = 3;
		const credentials = oauthCredentialsFor(hub());
		const trigger = pollingWorkflow(OAUTH, () => credentials);
		expect(await trigger.poll()).toBeNull();
		hub().auth.signIn.revoke('oauth-ada');
		await sleep(3100);
		const fired = await trigger.poll();
		expect(fired?.[0].map((item) => item.json)).toEqual([
			expect.objectContaining({
				event: 'tokenRejected',
				credential: 'Civic OAuth (test)',
				hubAccepts: false,
				message: expect.stringMatching(/^Civic no longer accepts this sign-in: The Civic OAuth2 credential "Civic OAuth \(test\)" must be connected again.*Connect my account/),
			}),
		]);
		expect(await trigger.poll()).toBeNull();
		for (const secret of hub().auth.signIn.stats.issued) expect(JSON.stringify(fired)).not.toContain(secret);
	});

	it('shows the connection now on "Fetch Test Event"', async () => {
		const trigger = pollingWorkflow(OAUTH, () => oauthCredentialsFor(hub()));
		const shown = await trigger.poll('manual');
		expect(shown?.[0][0].json).toMatchObject({ event: 'tokenStatus', hubAccepts: true, renewsItself: true });
	});
});

import { appCredentialsFor, useHub } from '../../../harness/hub';
import { testAppCredential } from '../../../harness/n8n';

describe('Civic App credential test', () => {
	const hub = useHub();

	it('tells a client Civic accepts, without any user token', async () => {
		const result = await testAppCredential(appCredentialsFor(hub()));
		expect(result).toEqual({ status: 'OK', message: expect.stringMatching(/^Civic accepts this Client ID and Secret at 127\.0\.0\.1:\d+\./) });
		expect(hub().auth.stats.exchanges).toEqual({});
	});

	it('tells a wrong Client Secret, without showing it', async () => {
		const result = await testAppCredential(appCredentialsFor(hub(), { clientSecret: 'not-the-secret-91c3' }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Civic refused the Civic App credential's Client ID or Client Secret \(invalid_client\)\. Copy the app's Client ID/);
		expect(result.message).not.toContain('not-the-secret-91c3');
	});

	it('tells a wrong Client ID the same way', async () => {
		const result = await testAppCredential(appCredentialsFor(hub(), { clientId: 'no-such-app' }));
		expect(result.message).toContain('invalid_client');
	});

	it('tells an app whose exchange is not set up in Civic', async () => {
		hub().auth.apps.get(appCredentialsFor(hub()).clientId)!.exchangeConfigured = false;
		const result = await testAppCredential(appCredentialsFor(hub()));
		expect(result).toMatchObject({ status: 'Error', message: expect.stringContaining('Token exchange config not found') });
	});

	it('names an empty field and a token URL that is not a URL', async () => {
		expect((await testAppCredential(appCredentialsFor(hub(), { clientId: ' ' }))).message).toBe(
			'The Civic App credential has no Client ID: fill in the "Client ID" field with your app\'s Client ID from Civic',
		);
		expect((await testAppCredential(appCredentialsFor(hub(), { tokenUrl: 'auth civic' }))).message).toContain('The Token URL "auth civic"');
	});
});

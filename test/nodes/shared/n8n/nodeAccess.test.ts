import type { IExecuteFunctions } from 'n8n-workflow';
import { readNodeAccess } from '../../../../nodes/shared/n8n/nodeAccess';
import { appCredentialsFor, useHub } from '../../../harness/hub';

describe('finding 13: each item is scrubbed of its own secrets, not of every user\'s', () => {
	const hub = useHub();

	it("an item's error context holds the credential's secrets and that item's user's tokens alone", async () => {
		const users = Array.from({ length: 50 }, (_, i) => hub().auth.userToken(`user${i}`));
		const ctx = {
			getCredentials: async () => appCredentialsFor(hub()),
			getNodeParameter: (name: string, item: number, fallback: unknown) =>
				({ authentication: 'civicAppApi', userToken: users[item], userTokenType: 'idToken' })[name] ?? fallback,
			getNode: () => ({ name: 'Civic', credentials: {} }),
		} as unknown as IExecuteFunctions;
		const access = await readNodeAccess(ctx, 1000);
		// taken before the item runs, as the toolkit takes it: the user's tokens are there once known
		const seventh = access.errorContextFor(7);
		for (let i = 0; i < users.length; i++) await access.forItem(i);
		const secrets = seventh.secrets ?? [];
		expect(secrets).toContain(users[7]);
		expect(secrets).toContain(appCredentialsFor(hub()).clientSecret);
		expect(secrets.some((secret) => users.includes(secret) && secret !== users[7])).toBe(false);
		expect(secrets.length).toBeLessThanOrEqual(4);
	});
});

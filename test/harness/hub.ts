import { CivicHub, type HubOptions } from '../hub/server';
import { DEMO_ACCOUNT_ID, DEMO_PROFILE } from '../hub/directory';

/** Starts a local hub for a test file and stops it afterwards. */
export function useHub(options: HubOptions = {}): () => CivicHub {
	let hub: CivicHub;
	beforeAll(async () => {
		hub = await CivicHub.start(options);
	});
	afterAll(async () => hub.stop());
	beforeEach(() => {
		hub.faults.clear();
		hub.authorizations.reset();
		hub.redirects.clear();
		hub.latencyMs = 0;
		hub.resetStats();
	});
	return () => hub;
}

/** Civic API credential data pointing at the local hub. */
export function credentialsFor(hub: CivicHub, overrides: Record<string, unknown> = {}) {
	return {
		accountId: DEMO_ACCOUNT_ID,
		profile: DEMO_PROFILE.alias,
		apiToken: hub.tokens.valid(),
		hubUrl: hub.url,
		lock: true,
		skills: '',
		...overrides,
	};
}

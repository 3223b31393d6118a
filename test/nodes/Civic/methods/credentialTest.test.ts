import { testCivicCredential } from '../../../../nodes/Civic/methods/credentialTest';
import { DEMO_ACCOUNT_ID, DEMO_PROFILE, DEMO_TOOL_PAGES, SALES_PROFILE } from '../../../hub/directory';
import { TokenMinter } from '../../../hub/tokens';
import { credentialsFor, useHub } from '../../../harness/hub';
import { testCredential } from '../../../harness/n8n';
import { freedPort } from '../../../harness/ports';

describe('Civic API credential test', () => {
	const hub = useHub();

	/** Runs the test as n8n does and checks that the token is nowhere in the answer. */
	async function check(overrides: Record<string, unknown> = {}) {
		const data = credentialsFor(hub(), overrides);
		const result = await testCredential(data);
		const token = String(data.apiToken).replace(/^\s*bearer\s+/i, '').trim();
		expect(result.message).not.toContain(token);
		return result;
	}

	it('passes a valid token, saying how many tools it reaches and when it expires, and ends its session', async () => {
		const result = await check();
		expect(result.status).toBe('OK');
		expect(result.message).toMatch(
			new RegExp(`^Connected to profile "demo": ${DEMO_PROFILE.tools.length} tools available\\. The token expires on \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\.$`),
		);
		expect(hub().stats.methods['tools/list']).toBe(DEMO_TOOL_PAGES);
		expect(hub().stats.sessionsDeleted).toBe(1);
		expect(hub().openSessions).toBe(0);
	});

	it('passes a token that expires within 3 days, with a warning', async () => {
		const result = await check({ apiToken: hub().tokens.expiringSoon(2) });
		expect(result.status).toBe('OK');
		expect(result.message).toMatch(/Warning: The Civic token expires in 47 hours, on .* UTC; generate a new token soon/);
	});

	it('accepts a token pasted with "Bearer " and a trailing newline', async () => {
		const result = await check({ apiToken: `Bearer ${hub().tokens.valid()}\n` });
		expect(result.status).toBe('OK');
	});

	it('keeps the query string of a custom hub URL and adds Civic\'s parameters', async () => {
		const result = await check({ hubUrl: `${hub().url}?region=eu`, skills: 'reports, ,', lock: false });
		expect(result.status).toBe('OK');
		expect(result.message).toContain(`${DEMO_PROFILE.tools.length + 1} tools available`);
		const query = Object.fromEntries(hub().stats.lastQuery!);
		expect(query).toEqual({ region: 'eu', accountId: DEMO_ACCOUNT_ID, profile: 'demo', lock: 'false', skills: 'reports' });
	});

	it('says a token that is not a JWT is malformed, once the hub has refused it', async () => {
		const result = await check({ apiToken: TokenMinter.notAJwt() });
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/^The token is malformed: .*Generate a new token in Civic/) });
	});

	it('says when an expired token expired, without asking the hub', async () => {
		const expired = hub().tokens.expired(3);
		const result = await check({ apiToken: expired });
		const exp = new Date(JSON.parse(Buffer.from(expired.split('.')[1], 'base64url').toString()).exp * 1000);
		const when = `${exp.toISOString().slice(0, 10)} ${exp.toISOString().slice(11, 16)} UTC`;
		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			`Token expired on ${when} (3 days ago). Generate a new token in Civic (app.civic.com → Tools → Install → choose the profile → Install → set the expiry), copy it (it is shown once), and paste it into the Civic API credential.`,
		);
		expect(hub().stats.sessionsCreated).toBe(0);
		expect(hub().stats.methods).toEqual({});
	});

	it('names both profiles when the token clearly belongs to another one, without asking the hub', async () => {
		const result = await check({ profile: DEMO_PROFILE.id, apiToken: hub().tokens.forOtherProfile() });
		expect(result.status).toBe('Error');
		expect(result.message).toContain(`generated for profile "${SALES_PROFILE.id}", but the credential's Profile is "${DEMO_PROFILE.id}"`);
		expect(hub().stats.methods).toEqual({});
	});

	it('leaves a profile ID claim against an alias to the hub, which refuses it with 403', async () => {
		const result = await check({ apiToken: hub().tokens.forOtherProfile() });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^The token does not grant access to profile "demo" in account "acct_demo_0001" \(HTTP 403\)\. The hub said: "This token is not valid for profile 'demo'"/);
	});

	it('reports a profile that does not exist', async () => {
		const result = await check({ profile: 'no-such-profile' });
		expect(result.message).toMatch(/profile "no-such-profile" in account "acct_demo_0001" \(HTTP 403\).*was not found/);
	});

	it('reports a token the hub rejects (401)', async () => {
		const result = await check({ apiToken: hub().tokens.badlySigned() });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Civic rejected the token \(HTTP 401\): it is expired, revoked or not a Civic token\. The hub said: "The access token signature is invalid"\. Generate a new token/);
	});

	it('reports a hub URL that answers 404, naming the host', async () => {
		const result = await check({ hubUrl: hub().url.replace('/hub/mcp', '/wrong/path') });
		expect(result.message).toContain(`The Civic hub URL cannot be reached: ${new URL(hub().url).host} answered 404 Not Found`);
	});

	it('reports a hub nobody listens on', async () => {
		const port = await freedPort();
		const result = await check({ hubUrl: `http://127.0.0.1:${port}/hub/mcp` });
		expect(result.message).toMatch(new RegExp(`^Cannot reach the Civic hub at 127\\.0\\.0\\.1:${port}: connection refused\\. Error code ECONNREFUSED\\. Check the Hub URL`));
	});

	it('reports a host name that does not resolve', async () => {
		const result = await check({ hubUrl: 'https://civic-hub.invalid/hub/mcp' });
		expect(result.message).toMatch(/^Cannot reach the Civic hub at civic-hub\.invalid: host name not found\. Error code (ENOTFOUND|EAI_AGAIN)\./);
	});

	it('gives up on a hub that does not answer, and says so', async () => {
		hub().faults.arm({ kind: 'hang' }, { method: 'initialize' });
		const started = Date.now();
		const result = await testCivicCredential(credentialsFor(hub()), { timeoutMs: 1000 });
		expect(Date.now() - started).toBeLessThan(5000);
		expect(result.message).toMatch(/^The Civic hub did not answer within 1 second\b/);
	});

	it('rides out one gateway error', async () => {
		hub().faults.arm({ kind: 'status', status: 502 }, { method: 'initialize' });
		expect((await check()).status).toBe('OK');
		expect(hub().stats.methods.initialize).toBe(2);
	});

	it('reports any other status with the hub\'s own text, trimmed of HTML', async () => {
		hub().faults.arm({ kind: 'status', status: 502 }, { method: 'initialize', times: 5 });
		const result = await check();
		expect(result.message).toMatch(/^The Civic hub answered HTTP 502: 502 Bad Gateway 502 Bad Gateway nginx\. .* Gave up after 2 attempts\.$/);
	});

	it('names a missing field and an invalid hub URL', async () => {
		expect((await check({ accountId: ' ' })).message).toMatch(/no Account ID: fill in the "Account ID" field/);
		expect((await check({ hubUrl: 'not a url' })).message).toMatch(/The Hub URL "not a url" is not a valid URL/);
	});
});

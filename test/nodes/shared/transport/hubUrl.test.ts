import { buildHubUrl } from '../../../../nodes/shared/transport/hubUrl';
import { cleanToken, readCredentials } from '../../../../nodes/shared/credentials/civicApiCredential';
import { readAppCredentials } from '../../../../nodes/shared/credentials/civicAppCredential';

const base = { accountId: 'acct 1&2', profile: 'my profile', hubUrl: 'https://app.civic.com/hub/mcp', lock: true, skills: [] };

describe('buildHubUrl', () => {
	it('encodes Civic\'s parameters', () => {
		expect(buildHubUrl(base).toString()).toBe(
			'https://app.civic.com/hub/mcp?accountId=acct+1%262&profile=my+profile&lock=true',
		);
	});

	it('keeps a custom URL\'s own query and overrides stale Civic parameters', () => {
		const url = buildHubUrl({ ...base, hubUrl: 'https://hub.example.com/mcp?region=eu&profile=old', skills: ['a', 'b'], lock: false });
		expect(Object.fromEntries(url.searchParams)).toEqual({ region: 'eu', profile: 'my profile', accountId: 'acct 1&2', lock: 'false', skills: 'a,b' });
	});

	it('names the field for a URL that is not one', () => {
		expect(() => buildHubUrl({ ...base, hubUrl: 'app.civic.com/hub' })).toThrow(/The Hub URL "app.civic.com\/hub" is not a valid URL/);
		expect(() => buildHubUrl({ ...base, hubUrl: 'ftp://x/y' })).toThrow(/must start with https:\/\//);
	});
});

describe('readCredentials', () => {
	it('cleans the token and splits skills', () => {
		const credentials = readCredentials({ accountId: ' a ', profile: 'p', apiToken: 'Bearer x.y.z\n', skills: ' r1, ,r2 ' });
		expect(credentials).toEqual({ accountId: 'a', profile: 'p', token: 'x.y.z', hubUrl: 'https://app.civic.com/hub/mcp', lock: true, skills: ['r1', 'r2'] });
	});

	it('names a missing token and tells where to get one', () => {
		expect(() => readCredentials({ accountId: 'a', profile: 'p', apiToken: '  ' })).toThrow(/no token\. Generate a new token in Civic/);
	});

	it('leaves a token that merely starts with the letters "bearer" alone', () => {
		expect(cleanToken('bearerish.token.value')).toBe('bearerish.token.value');
	});
});

describe('finding 15: no token in cleartext', () => {
	it('refuses a plain http:// Hub URL anywhere but this machine, and says why', () => {
		expect(() => buildHubUrl({ ...base, hubUrl: 'http://hub.example.com/hub/mcp' })).toThrow(
			'The Hub URL must start with https://: plain http:// would send the token unencrypted (it is allowed only for this machine, e.g. http://127.0.0.1)',
		);
		expect(() => buildHubUrl({ ...base, hubUrl: 'http://10.0.0.5/hub/mcp' })).toThrow(/unencrypted/);
	});

	it('allows http:// for loopback: a local hub', () => {
		for (const hubUrl of ['http://127.0.0.1:5678/hub/mcp', 'http://127.0.0.2/hub/mcp', 'http://localhost/hub/mcp', 'http://[::1]:80/hub/mcp']) {
			expect(buildHubUrl({ ...base, hubUrl }).protocol).toBe('http:');
		}
	});

	it('refuses plain http:// Hub and Token URLs of a Civic App, which carry the client secret', () => {
		const app = { clientId: 'id', clientSecret: 'secret', profileId: '' };
		expect(() => readAppCredentials({ ...app, tokenUrl: 'http://auth.example.com/oauth/token' })).toThrow(/Token URL must start with https:\/\/: plain http/);
		expect(() => readAppCredentials({ ...app, hubUrl: 'http://hub.example.com/hub/mcp' })).toThrow(/Hub URL must start with https:\/\/: plain http/);
		expect(readAppCredentials({ ...app, tokenUrl: 'http://127.0.0.1:9/oauth/token' }).tokenUrl.host).toBe('127.0.0.1:9');
	});
});

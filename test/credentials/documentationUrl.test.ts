/** Each credential dialog's "Open docs" link lands on the README section that explains it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CivicApi } from '../../credentials/CivicApi.credentials';
import { CivicAppApi } from '../../credentials/CivicAppApi.credentials';
import { CivicOAuth2Api } from '../../credentials/CivicOAuth2Api.credentials';

/** A heading's anchor as GitHub and npm write it: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string) => heading.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
const anchors = [...README.matchAll(/^#{2,3} (.+)$/gm)].map((m) => anchorOf(m[1]));

describe.each([
	['Civic API', new CivicApi(), 'civic-api-a-token'],
	['Civic OAuth2', new CivicOAuth2Api(), 'civic-oauth2-sign-in-once-renews-itself'],
	['Civic App', new CivicAppApi(), 'civic-app-each-end-user-of-your-app'],
])('the %s credential', (_name, credential, section) => {
	it("links to its README section on the package's npm page", () => {
		expect(credential.documentationUrl).toBe(`https://www.npmjs.com/package/n8n-nodes-civic#${section}`);
		expect(anchors).toContain(section);
	});
});

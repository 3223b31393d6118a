import { describeHubError, HubHttpError } from '../../../../nodes/shared/transport/hubErrors';
import { scrub } from '../../../../nodes/shared/transport/scrub';
import { TokenExchangeError } from '../../../../nodes/shared/token/tokenExchange';

/** Shaped like a Civic token, but made here: header, claims and signature of a JWT. */
const TOKEN = `${Buffer.from('{"alg":"RS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(
	'{"sub":"user_42","tid":"acct","exp":1999999999,"civic_profile":"p"}',
).toString('base64url')}.${'s'.repeat(342)}`;
const SECRET = 'client-secret/with+chars=';
const CONTEXT = { hubUrl: 'https://app.civic.com/hub/mcp', profile: 'default', accountId: 'acct', timeoutMs: 1000, token: TOKEN, secrets: [SECRET, `app-id:${SECRET}`] };

describe('finding 14: scrubbing every form of a secret', () => {
	it('scrubs before clipping: an echoed token cut short by the clip leaves neither its header nor its claims', () => {
		const error = HubHttpError.fromReply(401, JSON.stringify({ error: 'invalid_token', error_description: `${'x'.repeat(250)} token ${TOKEN} refused` }));
		const { message, description } = describeHubError(error, CONTEXT);
		const all = `${message} ${description}`;
		expect(all).not.toContain(TOKEN.slice(0, 20));
		expect(all).not.toContain(TOKEN.split('.')[1].slice(0, 20));
	});

	it('finds a token split across lines, URL-encoded, or base64 of client id and secret', () => {
		const folded = `${TOKEN.slice(0, 100)}\n  ${TOKEN.slice(100)}`;
		const basic = Buffer.from(`app-id:${SECRET}`).toString('base64');
		const text = scrub(`a ${folded} b ${encodeURIComponent(SECRET)} c Basic ${basic} d`, [TOKEN, SECRET, `app-id:${SECRET}`]);
		expect(text).toBe('a [token] b [token] c Basic [token] d');
	});

	it('scrubs anything shaped like a JWT, even a token it was not told of', () => {
		expect(scrub(`someone's ${TOKEN.slice(0, 120)} here`, [])).toBe("someone's [token] here");
	});

	it("scrubs Civic Auth's words before clipping them", () => {
		const error = new TokenExchangeError('user', 'invalid_grant', `${'y'.repeat(290)} ${TOKEN}`, new URL('https://auth.civic.com/oauth/token'));
		const { description } = error.describe((text) => scrub(text, [TOKEN]).slice(0, 300));
		expect(description).not.toContain(TOKEN.slice(0, 12));
	});

	it('leaves ordinary text alone', () => {
		expect(scrub('The tool "gmail" failed: quota exceeded', [TOKEN, SECRET])).toBe('The tool "gmail" failed: quota exceeded');
	});
});

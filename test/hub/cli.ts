/**
 * `npm run hub`: a local Civic hub for trying the node without a Civic account.
 * Prints the URL, account, profile and a freshly minted 30-day demo token.
 */
import { CivicHub } from './server';
import { DEMO_ACCOUNT_ID, DEMO_PROFILE } from './directory';

async function main() {
	const port = Number(process.env.CIVIC_HUB_PORT ?? 0);
	const hub = await CivicHub.start(
		{
			jsonResponse: process.env.CIVIC_HUB_JSON === 'true',
			latencyMs: Number(process.env.CIVIC_HUB_LATENCY_MS ?? 0),
			// the bench's app users fetch their sign-in tokens here (loopback only)
			devTokens: process.env.CIVIC_HUB_DEV_TOKENS === 'true',
		},
		port,
	);
	const info = {
		hubUrl: hub.url,
		accountId: DEMO_ACCOUNT_ID,
		profile: DEMO_PROFILE.alias,
		token: hub.tokens.valid(),
		tokenUrl: hub.tokenUrl,
	};
	// One JSON line first, so scripts (npm run dev, e2e) can read it; then a human summary.
	process.stdout.write(`${JSON.stringify(info)}\n`);
	process.stdout.write(
		`\nCivic local hub listening on ${hub.url}\n  Account ID: ${info.accountId}\n  Profile:    ${info.profile}\n` +
			'  Token:      (the "token" field above; valid 30 days, only for this hub run)\n\nCtrl-C to stop.\n',
	);
	const stop = () => void hub.stop().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();

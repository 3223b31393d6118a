import type { INodeParameters } from 'n8n-workflow';
import type { AgentTool } from '../../../nodes/shared/agent/hostLangChain';
import { APP_PROFILE } from '../../hub/directory';
import { appCredentialsFor, useHub } from '../../harness/hub';
import { runNode, supplyToolkit, TOOLKIT_NODE_TYPE } from '../../harness/n8n';

/** The toolkit as an app's backend sets it up: the end user's token comes with the agent's item. */
const AS_USER: INodeParameters = { authentication: 'civicAppApi', userToken: '={{ $json.userToken }}', include: 'all', options: {} };

describe('Civic Toolkit for an app\'s end users (Civic App)', () => {
	const hub = useHub();

	async function agentRunFor(userToken: string) {
		const { supply } = await supplyToolkit(AS_USER, appCredentialsFor(hub()), 'webhook', { json: { chatInput: 'who am I?', userToken } });
		const tools = supply.response as AgentTool[];
		return (tool: string) => tools.find((t) => t.name === `Civic_${tool}`)!;
	}

	it('serves two users in two agent runs, each with the tools and the identity of their own', async () => {
		const alice = hub().auth.userToken('alice');
		const bob = hub().auth.userToken('bob');
		const forAlice = await agentRunFor(alice);
		const forBob = await agentRunFor(bob);
		expect(JSON.parse(String(await forAlice('demo-who_am_i').invoke({})))).toEqual({ user: 'alice', profile: APP_PROFILE.alias });
		expect(JSON.parse(String(await forBob('demo-who_am_i').invoke({})))).toEqual({ user: 'bob', profile: APP_PROFILE.alias });
		expect(JSON.parse(String(await forAlice('demo-who_am_i').invoke({ note: 'again' })))).toMatchObject({ user: 'alice' });
		expect(hub().auth.stats.exchanges).toEqual({ alice: 1, bob: 1 });
		expect(hub().stats.sessionsByUser).toEqual({ alice: 1, bob: 1 });
	});

	it("tells the model when the user's token is refused, and never shows a token", async () => {
		const alice = hub().auth.userToken('alice');
		const tool = await agentRunFor(alice);
		hub().auth.exchangedTokenSeconds = 1;
		const { forgetExchangedTokens } = await import('../../../nodes/shared/token/exchangedTokens');
		forgetExchangedTokens();
		hub().auth.apps.clear();
		const answer = String(await tool('demo-who_am_i').invoke({}));
		expect(JSON.parse(answer).error).toBe("Civic refused the Civic App credential's Client ID or Client Secret (invalid_client)");
		for (const secret of [alice, appCredentialsFor(hub()).clientSecret, ...hub().auth.stats.issued]) expect(answer).not.toContain(secret);
	});

	it("fails the agent's run when the app's credential is refused before any tool is offered", async () => {
		await expect(
			supplyToolkit(AS_USER, appCredentialsFor(hub(), { clientSecret: 'wrong' }), 'webhook', { json: { userToken: hub().auth.userToken('alice') } }),
		).rejects.toMatchObject({ message: "Civic refused the Civic App credential's Client ID or Client Secret (invalid_client)" });
	});

	it("answers AI Agent 3's engine requests as the user of each call's item", async () => {
		const { items, error } = await runNode({
			parameters: AS_USER,
			credentials: appCredentialsFor(hub()),
			nodeType: TOOLKIT_NODE_TYPE,
			items: [
				{ json: { userToken: hub().auth.userToken('carol'), tool: 'Civic_demo-who_am_i', toolCallId: 'c1' } },
				{ json: { userToken: hub().auth.userToken('dave'), tool: 'Civic_demo-who_am_i', toolCallId: 'c2' } },
			],
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.user)).toEqual(['carol', 'dave']);
	});

	it("finding 3: refuses an agent run whose items belong to several users, before anything is listed or run as anyone", async () => {
		const alice = { json: { chatInput: 'hi', userToken: hub().auth.userToken('alice') } };
		const bob = { json: { chatInput: 'hi', userToken: hub().auth.userToken('bob') } };
		await expect(supplyToolkit(AS_USER, appCredentialsFor(hub()), 'webhook', alice, [alice, bob])).rejects.toMatchObject({
			message: "The Civic Toolkit acts as one end user per agent run, but this run's 2 items belong to 2 different users",
			description: expect.stringContaining('Loop Over Items'),
		});
		expect(hub().auth.stats.requests).toBe(0);
		expect(hub().stats.httpRequests).toBe(0);
	});

	it('finding 3: an agent run of several items of one user is served as that user', async () => {
		const token = hub().auth.userToken('alice');
		const items = [{ json: { userToken: token } }, { json: { userToken: `Bearer ${token}` } }];
		const { supply } = await supplyToolkit(AS_USER, appCredentialsFor(hub()), 'webhook', items[0], items);
		const whoAmI = (supply.response as AgentTool[]).find((t) => t.name === 'Civic_demo-who_am_i')!;
		expect(JSON.parse(String(await whoAmI.invoke({})))).toMatchObject({ user: 'alice' });
	});
});

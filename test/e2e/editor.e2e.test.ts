/**
 * The editor as a person meets it, in Debian's Chromium: sign in, find the Civic node by
 * searching, pick a tool from the last page of the list by searching, read what each
 * argument means, fill them in, run the step and see the output, open the credential and
 * test it. Screenshots go to a temporary folder, or to CIVIC_SCREENSHOTS (docs/ for the
 * README, through `npm run docs:screenshots`).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CivicHub } from '../hub/server';
import { DEMO_ACCOUNT_ID, DEMO_PROFILE } from '../hub/directory';
import { demoAppCredential } from '../hub/civicAuth';
import { launchChromium } from './browser';
import { FakeChatModel } from './fakeChatModel';
import { E2E_MATRIX, installN8n, N8nInstance, packPackage } from './n8nInstance';
import { localOAuthCredential } from './workflows';
import { REVIEW_PLAN, toolkitAgentWorkflow } from './workflows';

const ROOT = join(__dirname, '..', '..');
const SCREENSHOTS = process.env.CIVIC_SCREENSHOTS
	? resolve(ROOT, process.env.CIVIC_SCREENSHOTS)
	: mkdtempSync(join(tmpdir(), 'civic-screens-'));

let tarball: string;
let browser: Browser;
beforeAll(async () => {
	tarball = packPackage();
	mkdirSync(SCREENSHOTS, { recursive: true });
	browser = await launchChromium();
}, 10 * 60_000);
afterAll(async () => {
	await browser?.close();
	rmSync(dirname(tarball), { recursive: true, force: true });
});

describe.each(E2E_MATRIX)('the editor of n8n $version', ({ version, nodeMajor }) => {
	let hub: CivicHub;
	let model: FakeChatModel;
	let n8n: N8nInstance;
	let page: Page;
	let civicCredentialId: string;
	let appCredentialId: string;
	/** One file per screen; with CIVIC_SCREENSHOTS the first version's become README's pictures. */
	const shot = (name: string) =>
		page.screenshot({ path: join(SCREENSHOTS, process.env.CIVIC_SCREENSHOTS ? `${name}.png` : `${version}-${name}.png`) });
	const byTestId = (id: string) => page.locator(`[data-test-id="${id}"]`);

	beforeAll(async () => {
		hub = await CivicHub.start();
		model = await FakeChatModel.start({});
		n8n = new N8nInstance(installN8n(version, nodeMajor));
		n8n.installPackage(tarball);
		await n8n.start();
		await n8n.setupOwner();
		({ id: civicCredentialId } = await n8n.rest<{ id: string }>('POST', '/credentials', {
			name: 'Civic (local demo)',
			type: 'civicApi',
			data: { accountId: DEMO_ACCOUNT_ID, profile: DEMO_PROFILE.alias, apiToken: hub.tokens.valid(), hubUrl: hub.url },
		}));
		page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	}, 30 * 60_000);

	afterAll(async () => {
		await page?.close();
		await n8n?.stop();
		await hub?.stop();
		await model?.stop();
		if (n8n) rmSync(n8n.home, { recursive: true, force: true });
	});

	it('signs in', async () => {
		await page.goto(`${n8n.baseUrl}/signin`);
		await page.locator('input[type="email"]').fill('owner@example.com');
		await page.locator('input[type="password"]').fill('Passw0rd-e2e');
		await page.keyboard.press('Enter');
		await page.waitForURL(/\/home/);
	});

	/** A new workflow with a manual trigger, and the nodes panel open for the next step. */
	async function newWorkflowAskingWhatNext() {
		await page.goto(`${n8n.baseUrl}/workflow/new`);
		await byTestId('canvas-plus-button').click();
		await byTestId('node-creator-search-bar').fill('manual');
		await byTestId('node-creator-item-name').first().click();
		await page.keyboard.press('Escape');
		await byTestId('node-creator-plus-button').click();
	}

	it("describes the Civic entry by what Civic does, where the panel lists triggers too", async () => {
		await page.goto(`${n8n.baseUrl}/workflow/new`);
		await byTestId('canvas-plus-button').click();
		await byTestId('node-creator-search-bar').fill('Civic');
		// opening the entry shows its actions and trigger under the entry's description
		await byTestId('node-creator-item-name').filter({ hasText: /^Civic$/ }).first().click();
		const panel = byTestId('node-creator');
		await panel.getByText('Token Expires Soon').first().waitFor();
		await page.waitForTimeout(500); // the panel slides in
		await shot('first-step-panel');
		const text = await panel.innerText();
		expect(text).toContain('Run the tools of your Civic profile');
		await page.keyboard.press('Escape');
	});

	it('finds the Civic node by searching its name and an alias, and adds "Run a tool"', async () => {
		await newWorkflowAskingWhatNext();
		await byTestId('node-creator-search-bar').fill('Google Workspace');
		await byTestId('node-creator-item-name').filter({ hasText: /^Civic$/ }).first().waitFor();
		await byTestId('node-creator-search-bar').fill('Civic');
		const civic = byTestId('node-creator-item-name').filter({ hasText: /^Civic$/ });
		await civic.first().waitFor();
		await page.waitForTimeout(500); // the panel slides in
		await shot('nodes-panel');
		await civic.first().click();
		await page.getByText('Run a tool', { exact: true }).click();
		await byTestId('ndv').waitFor();
	});

	it('searches the Tool list across every page of the profile', async () => {
		await byTestId('rlc-input').click();
		// the first page shows first (typing before it has loaded mixes it into the results: n8n's own race)
		await byTestId('rlc-item').first().waitFor();
		await byTestId('rlc-search').fill('xero');
		const xero = byTestId('rlc-item').filter({ hasText: 'xero-list_invoices' });
		await page.waitForFunction('document.querySelectorAll(\'[data-test-id="rlc-item"]\').length === 1');
		await expect(xero.innerText()).resolves.toBe('List Xero invoices (xero-list_invoices) — Lists Xero invoices.');
		await shot('tool-picker');
	});

	it('shows each argument with its title, description, type and default', async () => {
		await byTestId('rlc-search').fill('meeting');
		await byTestId('rlc-item').filter({ hasText: 'demo-schedule_meeting' }).click();
		const mapper = byTestId('resource-mapper-container');
		await byTestId('parameter-input-title').waitFor();
		await expect(mapper.getByText('Arguments', { exact: true }).count()).resolves.toBe(1);
		for (const label of ['Title — Shown in the calendar', 'Start — When the meeting starts (ISO 8601)', 'Priority — 1 (low) to 5 (urgent)']) {
			await expect(mapper.getByText(label, { exact: true }).count()).resolves.toBe(1);
		}
		await expect(byTestId('parameter-input-room').locator('input').inputValue()).resolves.toBe('B2');
		await shot('arguments');
	});

	it('runs the step with the arguments filled in and shows the output', async () => {
		await byTestId('parameter-input-title').locator('input').fill('Design review');
		const start = byTestId('parameter-input-start').locator('input');
		await start.click();
		await start.fill('2026-11-26 10:00:00');
		await page.keyboard.press('Enter');
		await byTestId('parameter-input-attendees').locator('.cm-content').click();
		await page.keyboard.insertText('[{"email": "ada@example.com"}]');
		await byTestId('parameter-input-priority').locator('input').fill('3');
		const calls = hub.toolCalls('demo-schedule_meeting');
		await byTestId('node-execute-button').click();
		const output = byTestId('output-panel');
		await output.getByText('Design review').first().waitFor({ timeout: 30_000 });
		await shot('output');
		expect(hub.toolCalls('demo-schedule_meeting')).toBe(calls + 1);
	});

	it('opens the credential and tests it', async () => {
		await byTestId('credential-edit-button').click();
		const modal = page.locator('[data-test-id="editCredential-modal"], .el-dialog').last();
		await modal.waitFor();
		const test = modal.getByRole('button', { name: /^(Retry|Test)$/ });
		if (await test.count()) await test.first().click();
		await modal.getByText('Connection tested successfully').waitFor({ timeout: 30_000 });
		await shot('credential');
		await page.keyboard.press('Escape');
	});

	it('connects a Civic OAuth2 credential through Civic Auth\'s sign-in page ("Connect my account")', async () => {
		const { id } = await n8n.rest<{ id: string }>('POST', '/credentials', {
			name: 'Civic OAuth (local demo)',
			type: 'civicOAuth2Api',
			data: localOAuthCredential(hub),
		});
		await page.goto(`${n8n.baseUrl}/home/credentials/${id}`);
		const modal = page.locator('[data-test-id="editCredential-modal"], .el-dialog').last();
		await modal.waitFor();
		await modal.getByText(/OAuth Redirect URL/i).first().waitFor();
		await shot('oauth-credential');
		const popup = page.waitForEvent('popup');
		await modal.getByRole('button', { name: /^\s*connect( my account)?\s*$/i }).first().click();
		const signIn = await popup;
		await signIn.getByRole('button', { name: 'Sign in and allow' }).waitFor();
		await signIn.screenshot({ path: join(SCREENSHOTS, process.env.CIVIC_SCREENSHOTS ? 'oauth-sign-in.png' : `${version}-oauth-sign-in.png`) });
		await signIn.getByRole('button', { name: 'Sign in and allow' }).click();
		await modal.getByText(/account connected/i).first().waitFor({ timeout: 30_000 });
		await shot('oauth-connected');
		expect(hub.auth.signIn.stats.codes).toBe(1);
		const stored = await n8n.rest<{ data?: Record<string, unknown> }>('GET', `/credentials/${id}?includeData=true`);
		expect(JSON.stringify(stored)).not.toContain(hub.auth.signIn.stats.issued[0]);
		await page.keyboard.press('Escape');
	});

	it('finds the Civic Toolkit first when searching "Civic" in an AI Agent\'s tool panel, beside the single-tool variant', async () => {
		await newWorkflowAskingWhatNext();
		await byTestId('node-creator-search-bar').fill('AI Agent');
		await byTestId('node-creator-item-name').filter({ hasText: /^AI Agent$/ }).first().click();
		await page.keyboard.press('Escape');
		// the agent's "Tool" plus is the lowest of the canvas's plus handles, the rightmost of its row;
		// the canvas re-renders after a node is added, so the place is read, then clicked, until the panel opens
		const search = byTestId('node-creator-search-bar');
		for (let attempt = 0; attempt < 5 && !(await search.isVisible()); attempt++) {
			await page.waitForTimeout(500);
			const boxes = (await Promise.all((await byTestId('canvas-handle-plus').all()).map((h) => h.boundingBox()))).filter(
				(box): box is NonNullable<typeof box> => box !== null,
			);
			boxes.sort((a, b) => b.y - a.y || b.x - a.x);
			if (boxes[0]) await page.mouse.click(boxes[0].x + boxes[0].width / 2, boxes[0].y + boxes[0].height / 2);
		}
		await byTestId('node-creator-search-bar').fill('Civic');
		const items = byTestId('node-creator-item-name');
		await items.filter({ hasText: /^Civic Single Tool$/ }).waitFor();
		// the list filters as one types: wait until it has settled, then the toolkit must lead it
		await page.waitForFunction('document.querySelectorAll(\'[data-test-id="node-creator-item-name"]\').length <= 3');
		await expect(items.first().innerText()).resolves.toBe('Civic Toolkit');
		await page.waitForTimeout(500); // the panel slides in
		await shot('agent-tool-panel');
	});

	it('opens every example with its Civic nodes as today\'s editor draws them: no "outdated" warning', async () => {
		// made only now: n8n gives a new node the newest credential of its types, and the steps above add a Civic API one
		({ id: appCredentialId } = await n8n.rest<{ id: string }>('POST', '/credentials', {
			name: 'Civic App (local demo)',
			type: 'civicAppApi',
			data: demoAppCredential(hub),
		}));
		const civicNodeTypes = ['n8n-nodes-civic.civic', 'n8n-nodes-civic.civicTool', 'n8n-nodes-civic.civicToolkit', 'n8n-nodes-civic.civicTrigger'];
		for (const file of readdirSync(join(ROOT, 'examples'))) {
			const example = JSON.parse(readFileSync(join(ROOT, 'examples', file), 'utf8'));
			const nodes = example.nodes.map((node: { credentials?: Record<string, unknown> }) =>
				node.credentials?.civicApi
					? { ...node, credentials: { civicApi: { id: civicCredentialId, name: 'Civic (local demo)' } } }
					: node.credentials?.civicAppApi
						? { ...node, credentials: { civicAppApi: { id: appCredentialId, name: 'Civic App (local demo)' } } }
						: node,
			);
			const { id } = await n8n.rest<{ id: string }>('POST', '/workflows', { name: example.name, active: false, nodes, connections: example.connections, settings: example.settings });
			await page.goto(`${n8n.baseUrl}/workflow/${id}`);
			for (const node of example.nodes.filter((n: { type: string }) => civicNodeTypes.includes(n.type))) {
				await page.locator(`[data-test-id="canvas-node"][data-node-name="${node.name}"]`).dblclick();
				await byTestId('ndv').waitFor();
				if (node.parameters?.arguments) await byTestId('resource-mapper-container').waitFor();
				await page.waitForTimeout(1500); // the mapper compares the saved fields with the hub's
				// n8n's ⚠ "Arguments are outdated. Refresh to see the changes." (its tooltip), drawn when the
				// saved fields differ from what the node gives today
				await expect(byTestId('ndv').locator('[class*="staleDataWarning"]').count()).resolves.toBe(0);
				await page.keyboard.press('Escape');
			}
		}
	});

	it('shows the Civic App choice on the Civic node: both kinds of credential to pick from, User Token, User Token Type (per-user example)', async () => {
		const example = JSON.parse(readFileSync(join(ROOT, 'examples', 'per-user-webhook.json'), 'utf8'));
		const nodes = example.nodes.map((node: { credentials?: Record<string, unknown> }) =>
			node.credentials?.civicAppApi ? { ...node, credentials: { civicAppApi: { id: appCredentialId, name: 'Civic App (local demo)' } } } : node,
		);
		const { id } = await n8n.rest<{ id: string }>('POST', '/workflows', { name: example.name, active: false, nodes, connections: example.connections, settings: example.settings });
		await page.goto(`${n8n.baseUrl}/workflow/${id}`);
		await page.locator('[data-test-id="canvas-node"][data-node-name="Civic as the User"]').dblclick();
		const ndv = byTestId('ndv');
		await ndv.waitFor();
		// n8n draws the Authentication choice as the credential's type: the credential list holds both kinds
		await expect(byTestId('node-credentials-select').locator('input').first().inputValue()).resolves.toBe('Civic App (local demo)');
		await expect(ndv.getByText('User Token', { exact: true }).count()).resolves.toBe(1);
		await expect(byTestId('parameter-input-userTokenType').locator('input').first().inputValue()).resolves.toBe('ID Token');
		await page.waitForTimeout(1000);
		await shot('per-user-node');
		// choosing the other kind of credential is how the editor switches Authentication
		await byTestId('node-credentials-select').click();
		const choices = page.locator('.el-select-dropdown__item');
		await choices.filter({ hasText: 'Civic API' }).first().waitFor();
		await expect(choices.filter({ hasText: 'Civic App API' }).count()).resolves.toBeGreaterThan(0);
		await page.waitForTimeout(500);
		await shot('per-user-credentials');
		await page.keyboard.press('Escape');
	});

	it("shows an agent's Civic Toolkit calls with their arguments and answers", async () => {
		const { id: modelCredentialId } = await n8n.rest<{ id: string }>('POST', '/credentials', {
			name: 'Local fake chat model',
			type: 'openAiApi',
			data: { apiKey: 'sk-local-fake', url: model.url },
		});
		const agent = toolkitAgentWorkflow('E2eEditorToolkit', 3);
		const nodes = agent.nodes.map((node) => {
			const withIds = node as { credentials?: Record<string, { id: string; name: string }> };
			if (withIds.credentials?.civicApi) return { ...node, credentials: { civicApi: { id: civicCredentialId, name: 'Civic (local demo)' } } };
			if (withIds.credentials?.openAiApi) return { ...node, credentials: { openAiApi: { id: modelCredentialId, name: 'Local fake chat model' } } };
			return node;
		});
		const { id } = await n8n.rest<{ id: string }>('POST', '/workflows', { name: agent.name, active: false, nodes, connections: agent.connections, settings: agent.settings });
		model.plan = [
			{ tool: 'demo-get_weather_structured', args: { city: 'Paris' } },
			{ tool: 'demo-get_contact_json', args: { id: 'c-42' } },
		];
		await page.goto(`${n8n.baseUrl}/workflow/${id}`);
		await byTestId('execute-workflow-button').click();
		const toolkit = page.locator('[data-test-id="canvas-node"][data-node-name="Civic Toolkit"]');
		await toolkit.waitFor();
		// the agent's run ends with the stand-in model's answer; then the toolkit's calls are in its runs
		await page.waitForFunction('document.querySelectorAll(\'[data-test-id="canvas-node-status-success"]\').length >= 3', undefined, { timeout: 60_000 });
		await toolkit.dblclick();
		const ndv = byTestId('ndv');
		await ndv.waitFor();
		// the last call shows: its arguments as the model gave them (input) and the tool's answer (output)
		await ndv.getByText('Ada Lovelace').first().waitFor({ timeout: 30_000 });
		await ndv.getByText('Civic_Toolkit_demo-get_contact_json').first().waitFor();
		await shot('agent-tool-calls');
		expect(hub.toolCalls('demo-get_weather_structured')).toBeGreaterThanOrEqual(1);
		expect(hub.toolCalls('demo-get_contact_json')).toBeGreaterThanOrEqual(1);
		model.plan = [];
		await page.keyboard.press('Escape');
	});

	it("shows each tool's kind in the Civic Toolkit's lists, and Read-Only / Changes Data beside them", async () => {
		const agent = toolkitAgentWorkflow('E2eEditorKinds1', 3, { include: 'except', excludeTools: [] });
		const nodes = agent.nodes.map((node) =>
			(node as { credentials?: Record<string, unknown> }).credentials?.civicApi
				? { ...node, credentials: { civicApi: { id: civicCredentialId, name: 'Civic (local demo)' } } }
				: node,
		);
		const { id } = await n8n.rest<{ id: string }>('POST', '/workflows', { name: 'Civic Toolkit kinds', active: false, nodes, connections: agent.connections, settings: agent.settings });
		await page.goto(`${n8n.baseUrl}/workflow/${id}`);
		await page.locator('[data-test-id="canvas-node"][data-node-name="Civic Toolkit"]').dblclick();
		await byTestId('ndv').waitFor();
		await byTestId('parameter-input-include').click();
		const choices = page.locator('.el-select-dropdown__item:visible');
		await choices.filter({ hasText: 'Changes Data' }).first().waitFor();
		await expect(choices.filter({ hasText: 'Read-Only' }).count()).resolves.toBeGreaterThan(0);
		await page.keyboard.press('Escape');
		await byTestId('parameter-input-excludeTools').click();
		await choices.filter({ hasText: 'demo-echo_text (read-only)' }).first().waitFor({ timeout: 30_000 });
		await expect(choices.filter({ hasText: 'demo-create_event (changes data)' }).count()).resolves.toBeGreaterThan(0);
		await expect(choices.filter({ hasText: 'google-gmail-send_message (no hint: counts as changing data)' }).count()).resolves.toBeGreaterThan(0);
		await page.waitForTimeout(500);
		await shot('toolkit-kinds');
		await page.keyboard.press('Escape');
	});

	// n8n 1.x has no review step between an agent and its tools (README gives Civic's approval mode instead)
	if (!version.startsWith('1.')) {
		it("shows the review example: reads and writes split over two Civic Toolkits, and the chat asking the person before the mail goes (README's picture)", async () => {
			const { id: modelCredentialId } = await n8n.rest<{ id: string }>('POST', '/credentials', {
				name: 'OpenAI (local stand-in model)',
				type: 'openAiApi',
				data: { apiKey: 'sk-local-fake', url: model.url },
			});
			hub.authorizations.grant({ accountId: DEMO_ACCOUNT_ID, profileId: DEMO_PROFILE.id }, 'google-gmail');
			const example = JSON.parse(readFileSync(join(ROOT, 'examples', 'agent-writes-approved-in-chat.json'), 'utf8'));
			const nodes = example.nodes.map((node: { type: string; credentials?: Record<string, unknown> }) =>
				node.credentials?.civicApi
					? { ...node, credentials: { civicApi: { id: civicCredentialId, name: 'Civic (local demo)' } } }
					: node.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi'
						? { ...node, credentials: { openAiApi: { id: modelCredentialId, name: 'OpenAI (local stand-in model)' } } }
						: node,
			);
			const created = await n8n.rest<{ id: string }>('POST', '/workflows', { name: example.name, nodes, connections: example.connections, settings: example.settings });
			await page.goto(`${n8n.baseUrl}/workflow/${created.id}`);
			for (const name of ['Civic Reads', 'Civic Writes', 'Ask in Chat']) await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).waitFor();
			// n8n 2.x may greet a workflow with its production checklist: closed, to see the canvas
			const closeChecklist = byTestId('suggested-actions-close');
			if (await closeChecklist.isVisible()) await closeChecklist.click();

			model.plan = REVIEW_PLAN;
			const sent = hub.toolCalls('google-gmail-send_message');
			const read = hub.toolCalls('demo-get_contact_json');
			// the editor's own chat (the hosted chat page loads its script from a CDN)
			await page.setViewportSize({ width: 1440, height: 1400 });
			await byTestId('workflow-chat-button').click();
			const input = page.locator('textarea[placeholder*="message" i]').first();
			await input.fill('Mail Ada the agenda for Monday');
			await input.press('Enter');
			try {
				await page.getByText('Approve', { exact: true }).first().waitFor({ timeout: 60_000 });
				// the person sees the model's arguments; the read ran, the mail waits
				await page.getByText('"to": "ada@example.com"', { exact: false }).first().waitFor();
				expect(hub.toolCalls('demo-get_contact_json')).toBe(read + 1);
				expect(hub.toolCalls('google-gmail-send_message')).toBe(sent);
				await page.waitForTimeout(500);
				await shot('review-agent');
			} finally {
				model.plan = [];
				await page.setViewportSize({ width: 1440, height: 900 });
			}
		});
	}
});

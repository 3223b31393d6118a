/**
 * Runs the Civic node inside real n8n-core machinery, as n8n does: a Workflow (which
 * applies parameter defaults), WorkflowExecute with lifecycle hooks (parameter and
 * expression resolution, continue-on-fail, paired items), LoadOptionsContext for the
 * editor's list search and resource mapper, and CredentialTestContext for "Test".
 * Only the credential store is ours: it hands over already-decrypted credential data.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Container } from '@n8n/di';
import {
	BinaryDataService,
	CredentialTestContext,
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	PollContext,
	SupplyDataContext,
	WorkflowExecute,
} from 'n8n-core';
import {
	createRunExecutionData,
	ICredentialsHelper,
	NodeConnectionTypes,
	NodeHelpers,
	Workflow,
	type ExecutionBaseError,
	type ICredentialDataDecryptedObject,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IVersionedNodeType,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type NodeExecutionHint,
	type SupplyData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';
// Not re-exported by n8n-core's index; needed only to stop its timer.
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
// Not re-exported either: what n8n's active workflows call on every poll.
import { TriggersAndPollers } from 'n8n-core/dist/execution-engine/triggers-and-pollers';
import { Civic } from '../../nodes/Civic/Civic.node';
import { CivicToolkit } from '../../nodes/CivicToolkit/CivicToolkit.node';
import { CivicTrigger } from '../../nodes/CivicTrigger/CivicTrigger.node';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'civic-n8n-'));
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS ??= 'false';

export const NODE_TYPE = 'n8n-nodes-civic.civic';
export const NODE_NAME = 'Civic';
/** The variant n8n derives for an AI Agent's tool panel (usableAsTool). */
export const TOOL_NODE_TYPE = `${NODE_TYPE}Tool`;
export const TRIGGER_NODE_TYPE = 'n8n-nodes-civic.civicTrigger';
export const TOOLKIT_NODE_TYPE = 'n8n-nodes-civic.civicToolkit';

class TestNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType> = {
		[NODE_TYPE]: new Civic(),
		[TOOL_NODE_TYPE]: new Civic(),
		[TRIGGER_NODE_TYPE]: new CivicTrigger(),
		[TOOLKIT_NODE_TYPE]: new CivicToolkit(),
	};
	getByName(type: string): INodeType | IVersionedNodeType {
		return this.types[type];
	}
	getByNameAndVersion(type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.types[type], version);
	}
	getKnownTypes() {
		return {};
	}
}

class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly credentials: ICredentialDataDecryptedObject) {
		super();
	}
	getParentTypes() {
		return [];
	}
	async authenticate(_c: ICredentialDataDecryptedObject, _t: string, options: IHttpRequestOptions) {
		return options;
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	async getCredentials(): Promise<never> {
		throw new Error('not used by the Civic node');
	}
	/** A copy, as n8n decrypts the stored credential anew each time. */
	async getDecrypted() {
		return { ...this.credentials };
	}
	async updateCredentials() {}
	/** What n8n's refresh saves (the rotated refresh token with the new access token) is what later reads get. */
	async updateCredentialsOauthTokenData(_node: unknown, _type: string, data: ICredentialDataDecryptedObject) {
		this.credentials.oauthTokenData = data.oauthTokenData;
	}
	getCredentialsProperties() {
		return [];
	}
}

const nodeTypes = new TestNodeTypes();

// Execution contexts start n8n's SSH tunnel manager, whose cleanup timer n8n stops at shutdown.
// (Outside Jest, e.g. in the benchmark, the process simply exits.)
if (typeof afterAll === 'function') afterAll(() => Container.get(SSHClientsManager).onShutdown());
let binaryDataReady: Promise<void> | undefined;

export interface RunOptions {
	parameters: INodeParameters;
	credentials: ICredentialDataDecryptedObject;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	/** Settings → On Error → "Continue (using error output)": failed items go to a second output. */
	errorOutput?: boolean;
	/** Aborting it cancels the execution, as the Stop button does. */
	abortSignal?: AbortSignal;
	/** Run as the "Civic Tool" variant an AI Agent uses. */
	asTool?: boolean;
	/** Run another node type of the package, e.g. TOOLKIT_NODE_TYPE as AI Agent 3 runs it. */
	nodeType?: string;
	/** The id n8n gives the stored credential (sessions are kept per credential); default cred-1. */
	credentialId?: string;
	/** How the execution was started; default manual (the editor), cli for `n8n execute`. */
	mode?: WorkflowExecuteMode;
}

export interface RunResult {
	items: INodeExecutionData[];
	/** The error output's items, with `errorOutput`. */
	errorItems: INodeExecutionData[];
	error?: ExecutionBaseError;
	hints: NodeExecutionHint[];
}

function civicNode(parameters: INodeParameters, onError?: INode['onError'], type = NODE_TYPE, credentialId = 'cred-1'): INode {
	return {
		id: 'civic-node-1',
		name: NODE_NAME,
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		// n8n hands a node only the credential it has for the type asked for
		credentials:
			parameters.authentication === 'civicAppApi'
				? { civicAppApi: { id: credentialId, name: 'Civic App (test)' } }
				: parameters.authentication === 'civicOAuth2Api'
					? { civicOAuth2Api: { id: credentialId, name: 'Civic OAuth (test)' } }
					: { civicApi: { id: credentialId, name: 'Civic (test)' } },
		...(onError ? { onError } : {}),
	};
}

function additionalDataFor(workflow: Workflow, credentials: ICredentialDataDecryptedObject) {
	const workflowData = { id: workflow.id, name: 'test', active: false, nodes: Object.values(workflow.nodes), connections: {} };
	const hooks = new ExecutionLifecycleHooks('manual', 'exec-1', workflowData as unknown as IWorkflowBase);
	return {
		hooks,
		credentialsHelper: new TestCredentialsHelper(credentials),
		executionId: 'exec-1',
		currentNodeParameters: undefined,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		variables: {},
		userId: 'user-1',
		logAiEvent: () => undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
}

function workflowWith(node: INode): Workflow {
	return new Workflow({ id: 'wf-1', nodes: [node], connections: {}, active: false, nodeTypes });
}

/** Executes the node on `items` (one empty item by default) and returns its output. */
export async function runNode(options: RunOptions): Promise<RunResult> {
	binaryDataReady ??= Container.get(BinaryDataService).init();
	await binaryDataReady;
	const onError = options.errorOutput ? 'continueErrorOutput' : options.continueOnFail ? 'continueRegularOutput' : undefined;
	const workflow = workflowWith(
		civicNode(options.parameters, onError, options.nodeType ?? (options.asTool ? TOOL_NODE_TYPE : NODE_TYPE), options.credentialId),
	);
	const items = (options.items ?? [{ json: {} }]).map((item, index) => ({ ...item, pairedItem: { item: index } }));
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: workflow.getNode(NODE_NAME)!, data: { main: [items] }, source: null }],
		},
	});
	const execute = new WorkflowExecute(
		additionalDataFor(workflow, options.credentials),
		options.mode ?? 'manual',
		runExecutionData,
	);
	const running = execute.processRunExecutionData(workflow);
	options.abortSignal?.addEventListener('abort', () => running.cancel());
	const run = await running.catch(() => undefined);
	const task = (run ?? { data: runExecutionData }).data.resultData.runData[NODE_NAME]?.[0];
	return {
		items: task?.data?.main[0] ?? [],
		errorItems: task?.data?.main[1] ?? [],
		error: task?.error ?? run?.data.resultData.error,
		hints: task?.hints ?? [],
	};
}

/**
 * The Civic Toolkit as an AI Agent's `getInputConnectionData` asks it: `supplyData` in a
 * SupplyDataContext whose run data is what the execution view shows of its tool calls.
 */
export async function supplyToolkit(
	parameters: INodeParameters,
	credentials: ICredentialDataDecryptedObject,
	mode: WorkflowExecuteMode = 'manual',
	/** The agent's input item, which the node's expressions (a user's token) read. */
	agentItem: INodeExecutionData = { json: {} },
	/** All the agent's input items, when it runs on several (item 0 is the one asked for). */
	agentItems: INodeExecutionData[] = [agentItem],
	/** The node asking for the tools, when it is not the agent: n8n 2.x's human-review step. */
	askedBy?: INode,
) {
	const workflow = workflowWith(civicNode(parameters, undefined, TOOLKIT_NODE_TYPE));
	const node = workflow.getNode(NODE_NAME)!;
	const runExecutionData = createRunExecutionData();
	const additionalData = additionalDataFor(workflow, credentials);
	const context = new SupplyDataContext(
		workflow,
		node,
		additionalData,
		mode,
		runExecutionData,
		0,
		agentItems,
		{ main: [agentItems] },
		NodeConnectionTypes.AiTool,
		{ node, data: { main: [agentItems] }, source: null },
		[],
		undefined,
		askedBy,
	);
	const supply: SupplyData = await new CivicToolkit().supplyData.call(context, 0);
	return {
		supply,
		runData: () => runExecutionData.resultData.runData[NODE_NAME] ?? [],
		/** The hints the node added; n8n shows them with the node's next tool-call run. */
		hints: () => (context as unknown as { hints: unknown[] }).hints,
		/** The execution ends, as n8n ends it: its `workflowExecuteAfter` hooks run. */
		finishExecution: () => additionalData.hooks!.runHook('workflowExecuteAfter', [{ status: 'success' } as never]),
	};
}

/** A load-options context for the node, as the editor creates one for list search and the resource mapper. */
export function loadOptionsContext(parameters: INodeParameters, credentials: ICredentialDataDecryptedObject, type = NODE_TYPE) {
	const workflow = workflowWith(civicNode(parameters, undefined, type));
	const node = workflow.getNode(NODE_NAME)!;
	// the editor sends the node's parameters as they stand, defaults filled in, with every load-options request
	const additionalData = { ...additionalDataFor(workflow, credentials), currentNodeParameters: node.parameters };
	return new LoadOptionsContext(workflow, node, additionalData, 'parameters');
}

/** Calls the Civic App credential's test the way n8n's CredentialsTester does. */
export async function testAppCredential(data: ICredentialDataDecryptedObject) {
	return new Civic().methods.credentialTest.civicAppApiTest.call(new CredentialTestContext(), {
		id: 'cred-app',
		name: 'Civic App (test)',
		type: 'civicAppApi',
		data,
	});
}

/** Calls the node's credential test the way n8n's CredentialsTester does. */
export async function testCredential(data: ICredentialDataDecryptedObject) {
	const civic = new Civic();
	return civic.methods.credentialTest.civicApiTest.call(new CredentialTestContext(), {
		id: 'cred-1',
		name: 'Civic (test)',
		type: 'civicApi',
		data,
	});
}

/**
 * An active workflow with the Civic Trigger, polled the way n8n's active workflows poll it:
 * the same Workflow (and so the same static data) across polls, a fresh PollContext each time.
 */
export function pollingWorkflow(parameters: INodeParameters, credentials: () => ICredentialDataDecryptedObject) {
	const node: INode = {
		id: 'civic-trigger-1',
		name: 'Civic Trigger',
		type: TRIGGER_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials:
			parameters.authentication === 'civicOAuth2Api'
				? { civicOAuth2Api: { id: 'cred-oauth', name: 'Civic OAuth (test)' } }
				: { civicApi: { id: 'cred-1', name: 'Civic (test)' } },
	};
	const workflow = new Workflow({ id: 'wf-poll', nodes: [node], connections: {}, active: true, nodeTypes, staticData: {} });
	return {
		workflow,
		poll(mode: 'trigger' | 'manual' = 'trigger') {
			const context = new PollContext(workflow, node, additionalDataFor(workflow, credentials()), mode, 'activate');
			return Container.get(TriggersAndPollers).runPoll(workflow, node, context);
		},
	};
}

/** Workflows the e2e run executes in a real n8n, beside the importable examples/. */
export const E2E_CREDENTIAL = { id: 'CivicLocalDemo01', name: 'Civic (local demo)' };

const trigger = {
	id: 'trigger',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function civic(name: string, parameters: object, extra: object = {}) {
	return {
		id: name,
		name,
		type: 'n8n-nodes-civic.civic',
		typeVersion: 1,
		position: [300, 0],
		parameters,
		credentials: { civicApi: E2E_CREDENTIAL },
		...extra,
	};
}

const chain = (...names: string[]) =>
	Object.fromEntries(names.slice(0, -1).map((n, i) => [n, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]));

function workflow(id: string, nodes: object[]) {
	const names = nodes.map((n) => (n as { name: string }).name);
	return { id, name: `e2e ${id}`, active: false, nodes, connections: chain(...names), settings: { executionOrder: 'v1' } };
}

const runTool = (tool: string, jsonArguments: string, options: object = {}) => ({
	operation: 'runTool',
	tool: { __rl: true, mode: 'name', value: tool },
	inputMode: 'json',
	jsonArguments,
	options,
});

export const E2E_WORKFLOWS = {
	/** Several items, JSON mode with an expression per item. */
	jsonPerItem: workflow('E2eJsonPerItem01', [
		trigger,
		civic('Tools', { operation: 'listTools' }),
		civic('Weather', runTool('demo-get_weather_structured', '={{ JSON.stringify({ city: $json.name }) }}')),
	]),
	binary: workflow('E2eBinary0000001', [trigger, civic('Chart', runTool('demo-render_chart_image', '{}'))]),
	toolError: workflow('E2eToolError0001', [trigger, civic('Fails', runTool('demo-fail_tool', '{}'))]),
	toolErrorContinue: workflow('E2eToolErrorCon1', [
		trigger,
		civic('Fails', runTool('demo-fail_tool', '{}'), { onError: 'continueRegularOutput' }),
	]),
};

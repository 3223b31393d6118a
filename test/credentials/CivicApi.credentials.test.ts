import { Workflow, type INodeType, type INodeTypes } from 'n8n-workflow';
import { CivicApi } from '../../credentials/CivicApi.credentials';

/** Resolves the credential's Authorization expression the way n8n's CredentialsHelper does. */
function authorizationFor(apiToken: string): unknown {
	const nodeTypes: INodeTypes = {
		getByName: () => ({}) as INodeType,
		getByNameAndVersion: () => ({ description: { properties: [] } }) as unknown as INodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes });
	const header = new CivicApi().authenticate.properties.headers!.Authorization;
	return workflow.expression.getParameterValue(header as string, null, 0, 0, 'Civic', [], 'internal', {
		$credentials: { apiToken },
	});
}

describe('CivicApi credential', () => {
	it('keeps the type and token field names of Civic\'s own n8n package', () => {
		const credential = new CivicApi();
		expect(credential.name).toBe('civicApi');
		expect(credential.properties.find((p) => p.name === 'apiToken')?.typeOptions?.password).toBe(true);
	});

	it('declares the fields, with the advanced ones defaulted', () => {
		const fields = Object.fromEntries(new CivicApi().properties.map((p) => [p.name, p]));
		expect(Object.keys(fields)).toEqual(['accountId', 'profile', 'apiToken', 'hubUrl', 'lock', 'skills']);
		expect([fields.accountId.required, fields.profile.required, fields.apiToken.required]).toEqual([true, true, true]);
		expect(fields.hubUrl.default).toBe('https://app.civic.com/hub/mcp');
		expect(fields.lock.default).toBe(true);
		expect(fields.skills.default).toBe('');
	});

	it.each([
		['a clean token', 'abc.def.ghi'],
		['a token with "Bearer " pasted in front', 'Bearer abc.def.ghi'],
		['a token with line breaks and spaces from copying', '  abc.de\nf.ghi \n'],
		['a token with "bearer" in lower case', 'bearer   abc.def.ghi'],
	])('sends %s as one Bearer header', (_name, token) => {
		expect(authorizationFor(token)).toBe('Bearer abc.def.ghi');
	});
});

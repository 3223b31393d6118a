import { getProfileTools } from '../../../../nodes/CivicToolkit/methods/loadOptions';
import { credentialsFor, useHub } from '../../../harness/hub';
import { loadOptionsContext, TOOLKIT_NODE_TYPE } from '../../../harness/n8n';

describe("Civic Toolkit's Tools to Include list", () => {
	const hub = useHub();

	it("shows each tool's kind, so a person sees what Read-Only and Changes Data will offer", async () => {
		const context = loadOptionsContext({ include: 'selected', options: {} }, credentialsFor(hub()), TOOLKIT_NODE_TYPE);
		const shown = new Map((await getProfileTools.call(context)).map((option) => [option.value, option.name]));
		// annotations as test/hub/demoTools.ts gives them: true, false, and none at all
		expect(shown.get('demo-echo_text')).toMatch(/^demo-echo_text \(read-only\) — /);
		expect(shown.get('demo-create_event')).toMatch(/^demo-create_event \(changes data\) — /);
		expect(shown.get('google-gmail-send_message')).toMatch(/^google-gmail-send_message \(no hint: counts as changing data\) — /);
		expect(shown.has('continue_job')).toBe(false);
	});
});

/**
 * Who exists on the local hub: accounts, their profiles (toolkits) and which tools each
 * profile exposes. Tool names refer to the catalogue in demoTools.ts.
 */
export interface HubProfile {
	/** What tokens carry in `civic_profile`. */
	id: string;
	/** What the URL's `profile` parameter names. */
	alias: string;
	tools: string[];
	/** Skill alias → extra tools that `skills=` switches on. */
	skills: Record<string, string[]>;
}

export interface HubAccount {
	id: string;
	profiles: HubProfile[];
}

export const DEMO_ACCOUNT_ID = 'acct_demo_0001';
export const OTHER_ACCOUNT_ID = 'acct_other_0002';

export const DEMO_PROFILE: HubProfile = {
	id: '5b0c2a7e-3d4f-4e8a-9b61-0c1d2e3f4a5b',
	alias: 'demo',
	tools: [
		'demo-echo_text',
		'demo-get_contact_json',
		'demo-list_numbers_json',
		'demo-get_weather_structured',
		'demo-render_chart_image',
		'demo-speak_audio',
		'demo-export_report_blob',
		'demo-read_note_resource',
		'demo-find_file_link',
		'demo-fail_tool',
		'demo-create_event',
		'demo-slow_task',
		'demo-schedule_meeting',
		'demo-post_ledger_entry',
		'google-gmail-send_message',
		'outlook-send_mail',
		'google-calendar-get_events',
		'google-drive-search_files',
		'hubspot-get_contacts',
		'github-list_issues',
		'xero-list_invoices',
	],
	skills: { reports: ['demo-weekly_report'] },
};

/** Pages of `tools/list` for the demo profile at the hub's default page size: its tools plus the meta-tool. */
export const DEMO_TOOL_PAGES = Math.ceil((DEMO_PROFILE.tools.length + 1) / 10);

export const SALES_PROFILE: HubProfile = {
	id: '9e8d7c6b-5a49-4382-8170-f6e5d4c3b2a1',
	alias: 'sales',
	tools: ['hubspot-get_contacts', 'demo-echo_text', 'demo-unreadable_schema'],
	skills: {},
};

/** The profile an app's users reach (Civic App credential, Profile ID): each acts as themselves there. */
export const APP_PROFILE: HubProfile = {
	id: '7f3e9a10-2b4c-4d5e-8f60-718293a4b5c6',
	alias: 'app',
	tools: ['demo-who_am_i', 'demo-echo_text', 'demo-slow_task', 'google-gmail-send_message'],
	skills: {},
};

export const OTHER_PROFILE: HubProfile = {
	id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
	alias: 'finance',
	tools: ['xero-list_invoices'],
	skills: {},
};

export const DEMO_ACCOUNTS: HubAccount[] = [
	{ id: DEMO_ACCOUNT_ID, profiles: [DEMO_PROFILE, SALES_PROFILE, APP_PROFILE] },
	{ id: OTHER_ACCOUNT_ID, profiles: [OTHER_PROFILE] },
];

/** The tools a session sees: the profile's own plus those of the skills it asked for. */
export function toolsFor(profile: HubProfile, skills: string[]): string[] {
	const extra = skills.flatMap((skill) => profile.skills[skill] ?? []);
	return [...profile.tools, ...extra.filter((name) => !profile.tools.includes(name))];
}

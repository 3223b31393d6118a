import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * When a tool's service is not authorized for the profile, Civic does not answer with an
 * error: it answers with an ordinary tool result (no `isError`). These are its shapes, told
 * apart by the `_meta.name` tags on embedded resources (the texts may change; the tags are
 * Civic's contract), plus the text-only replies that carry no tag at all.
 */
export type AuthorizationReply =
	/** `civic:rest-auth`: a job to resume and an endpoint that says when it may be resumed. */
	| { kind: 'job'; jobId: string; pollingUrl: string; text: string }
	/** Default mode (and older hubs): a page a person must open; nothing to poll. */
	| { kind: 'url'; url: string; jobId?: string; text: string }
	/** Locked profile: a matching credential exists but is not assigned to it. No URL, no job. */
	| { kind: 'promotion'; text: string };

type ContentBlock = CallToolResult['content'][number];

const PROMOTION_TEXT = /not assigned to this profile/i;
const AUTHORIZE_TEXT = /\bauthori[sz]/i;
const URL_IN_TEXT = /https?:\/\/[^\s"'<>)]+/g;
/** Where Civic's own pages live, whatever Hub URL the credential names (Civic's docs; older docs: nexus). */
const CIVIC_ORIGINS = new Set(['https://app.civic.com', 'https://nexus.civic.com']);
/** Longer texts are tool output that happens to mention authorization, not Civic's notice. */
const MAX_NOTICE_LENGTH = 2000;

/**
 * Civic's reply, or undefined for a tool's own result. The `_meta.name` tags are trusted as
 * Civic's; a notice in plain text is Civic's only if the page it names is on the hub's own
 * origin or Civic's: a tool's text (a mail saying "please re-authorize at …") is its result,
 * never dropped, and its link is never offered as Civic's.
 */
export function readAuthorizationReply(result: CallToolResult, hubUrl: URL): AuthorizationReply | undefined {
	if (result.isError || result.structuredContent !== undefined) return undefined;
	const content = result.content ?? [];
	const text = content
		.filter((block): block is Extract<ContentBlock, { type: 'text' }> => block.type === 'text')
		.map((block) => block.text)
		.join('\n')
		.trim();

	const jobId = taggedText(content, 'continue_job_id');
	const pollingUrl = taggedText(content, 'auth_polling_endpoint');
	if (jobId && pollingUrl) return { kind: 'job', jobId, pollingUrl, text };
	const url = taggedText(content, 'authorization_url');
	if (url) return { kind: 'url', url, jobId, text };

	// Text-only notices: nothing but text, short, and not JSON data.
	if (content.length === 0 || content.some((block) => block.type !== 'text') || text.length > MAX_NOTICE_LENGTH) {
		return undefined;
	}
	if (/^[[{]/.test(text)) return undefined;
	if (PROMOTION_TEXT.test(text)) return { kind: 'promotion', text };
	if (!AUTHORIZE_TEXT.test(text)) return undefined;
	const urls = text.match(URL_IN_TEXT) ?? [];
	// every link must be Civic's: one foreign link is enough to make it a tool's text
	const [first] = urls;
	if (first && urls.every((url) => isCivicPage(url, hubUrl))) return { kind: 'url', url: first, text };
	return undefined;
}

function isCivicPage(text: string, hubUrl: URL): boolean {
	try {
		const { origin } = new URL(text);
		return origin === hubUrl.origin || CIVIC_ORIGINS.has(origin);
	} catch {
		return false;
	}
}

/** The text of the embedded resource whose `_meta.name` is `name`. */
function taggedText(content: ContentBlock[], name: string): string | undefined {
	for (const block of content) {
		if (block.type !== 'resource' || block.resource._meta?.name !== name) continue;
		const value = 'text' in block.resource ? block.resource.text : block.resource.uri;
		if (typeof value === 'string' && value.trim()) return value.trim();
	}
	return undefined;
}

/** The tool did not run: a person must authorize its service first. */
export class AuthorizationRequiredError extends Error {
	constructor(
		readonly tool: string,
		/** The page to open; absent only when the hub gave none. */
		readonly url: string | undefined,
		readonly hubText: string,
		/** How long the node waited before giving up, in seconds (0: it did not wait). */
		readonly waitedSeconds = 0,
	) {
		// The URL is in the message too: on n8n's error output an item keeps only its message.
		super(`The tool "${tool}" did not run: its service must be authorized in Civic first${url ? ` at ${url}` : ''}`);
		this.name = 'AuthorizationRequiredError';
	}
}

/**
 * The tool did not run: Civic holds the call for a person and gives no page to open — how a
 * profile in Civic's approval mode looks to a client (Civic does not document the reply; a
 * job still waiting with no page is the general case). Not a sign-in story, never a success.
 */
export class ApprovalPendingError extends AuthorizationRequiredError {
	constructor(tool: string, hubText: string, waitedSeconds = 0) {
		super(tool, undefined, hubText, waitedSeconds);
		this.message = `The tool "${tool}" did not run: Civic holds it until a person approves it in Civic`;
		this.name = 'ApprovalPendingError';
	}
}

/** The tool did not run: the profile is locked and the matching credential is not assigned to it. */
export class PromotionRequiredError extends Error {
	constructor(
		readonly tool: string,
		readonly hubText: string,
	) {
		super(`The tool "${tool}" did not run: its credential exists in Civic but is not assigned to this profile`);
		this.name = 'PromotionRequiredError';
	}
}

/** Civic ended the authorization job with an error (polling endpoint: 422). */
export class AuthorizationFailedError extends Error {
	constructor(
		readonly tool: string,
		readonly hubText: string,
	) {
		super(`The tool "${tool}" did not run: Civic reports that its authorization failed`);
		this.name = 'AuthorizationFailedError';
	}
}

import { ToolListing, type ListPages } from './toolListing';

/**
 * The profile's tool list outlives the session it was listed on: it belongs to the hub URL,
 * the credential and the token (the key is the session pool's, with a hash of the token),
 * not to one MCP session. A schedule that runs less often than sessions are kept then
 * starts with a handshake and its call, not with every page of tools/list as well.
 *
 * Safe because the list is asked afresh whenever it could be wrong: an unknown tool, the
 * hub refusing arguments (-32602), or a local check refusing them against a list older
 * than STALE_FOR_CHECKS_MS; the editor, the credential test and the Civic Trigger always ask.
 */
const DEFAULT_TTL_S = 3600;
/** A refusal by the local check against a list older than this lists the tools again first. */
export const STALE_FOR_CHECKS_MS = 5 * 60_000;
const MAX_LISTS = 64;

const lists = new Map<string, ToolListing>();

/** CIVIC_TOOL_LIST_SECONDS in n8n's environment, an hour by default. */
export function toolListTtlMs(): number {
	const raw = process.env.CIVIC_TOOL_LIST_SECONDS;
	const seconds = raw === undefined || raw.trim() === '' ? DEFAULT_TTL_S : Number(raw);
	return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : DEFAULT_TTL_S * 1000;
}

/**
 * The listing kept under `key` while it is younger than the TTL, else a new one read with
 * `pages`. A failed listing is not kept: the next caller asks again.
 */
export function keptListing(key: string, pages: ListPages, fresh: boolean): ToolListing {
	const kept = lists.get(key);
	if (!fresh && kept && Date.now() - kept.at <= toolListTtlMs()) return kept;
	const listing = new ToolListing(pages);
	lists.delete(key);
	lists.set(key, listing);
	if (lists.size > MAX_LISTS) lists.delete(lists.keys().next().value as string);
	listing.tools.catch(() => {
		if (lists.get(key) === listing) lists.delete(key);
	});
	return listing;
}

export function listingAt(key: string): number | undefined {
	return lists.get(key)?.at;
}

/** Forgets every kept list, so that a test starts cold. */
export function forgetListings(): void {
	lists.clear();
}

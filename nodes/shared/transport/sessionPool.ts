import { createHash } from 'node:crypto';
import type { HubAccess } from './hubAccess';
import { HubSession } from './hubSession';

/**
 * Hub sessions kept open between executions of this n8n process, so a warm execution costs
 * one request (the tool call) instead of a handshake, a listing and a goodbye. Each n8n
 * process (main, each queue-mode worker) has its own.
 *
 * A session is kept per hub URL (with account, profile, lock and skills), credential, app
 * user and token: the key holds SHA-256 hashes of the tokens, never a token. A new token
 * for the same credential (and the same app user) ends the old token's session at once;
 * the users of one Civic App each keep their own.
 */
const DEFAULT_IDLE_S = 300;
/**
 * A session is ended this long before its token expires: the hub accepts the DELETE only
 * with a valid token, and clocks differ by a second or two.
 */
const END_BEFORE_EXPIRY_MS = 5_000;
export const MAX_SESSIONS = 32;

/**
 * How long an unused session is kept: CIVIC_SESSION_IDLE_SECONDS in n8n's environment, 300
 * by default; 0 keeps none (every execution opens and ends its own).
 */
export function sessionIdleMs(): number {
	const raw = process.env.CIVIC_SESSION_IDLE_SECONDS;
	const seconds = raw === undefined || raw.trim() === '' ? DEFAULT_IDLE_S : Number(raw);
	return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : DEFAULT_IDLE_S * 1000;
}

interface Entry {
	session: HubSession;
	/** The credential, and the app user when there is one: a new token for it replaces the old. */
	owner: string;
	users: number;
	lastUsed: number;
	idleTimer?: NodeJS.Timeout;
}

const entries = new Map<string, Entry>();
let shutdownHooked = false;

export interface SessionLease {
	session: HubSession;
	/** Hands the session back for the next execution. */
	release(): void;
	/** The session must not be used again (its token was refused): ends it once nobody uses it. */
	discard(): void;
}

export function leaseSession(access: HubAccess, credentialId = ''): SessionLease {
	hookShutdown();
	// a renewable token's session goes on with each new token of the same person (see renew)
	const tokenHash = access.renewable ? 'renewable' : createHash('sha256').update(access.token).digest('hex');
	const owner = credentialId && `${credentialId}\n${access.user ?? ''}`;
	const headers = JSON.stringify(access.headers ?? {});
	const key = `${owner}\n${access.url.href}\n${headers}\n${tokenHash}`;
	for (const [other, entry] of entries) {
		if (owner && entry.owner === owner && other !== key) void evict(other, entry);
	}
	let entry = entries.get(key);
	if (!entry) {
		entry = { session: new HubSession(access, key), owner, users: 0, lastUsed: Date.now() };
		entries.set(key, entry);
		evictBeyondLimit();
	}
	const leased = entry;
	leased.session.renew(access);
	leased.users++;
	clearTimeout(leased.idleTimer);
	let returned = false;
	const giveBack = (keep: boolean) => {
		if (returned) return;
		returned = true;
		leased.users--;
		leased.lastUsed = Date.now();
		if (!keep && entries.get(key) === leased) entries.delete(key);
		if (leased.users > 0) return;
		if (entries.get(key) !== leased) return void leased.session.close();
		const untilExpiry = access.expiresAt === undefined || access.renewable ? Infinity : access.expiresAt - END_BEFORE_EXPIRY_MS - Date.now();
		leased.idleTimer = setTimeout(() => evict(key, leased), Math.max(0, Math.min(sessionIdleMs(), untilExpiry)));
		leased.idleTimer.unref();
	};
	return { session: leased.session, release: () => giveBack(true), discard: () => giveBack(false) };
}

/** Ends the sessions kept for one credential id (e.g. one execution's, see reuseFor). */
export async function closeSessionsOf(credentialId: string): Promise<void> {
	await Promise.all([...entries].filter(([, entry]) => entry.owner.startsWith(`${credentialId}\n`)).map(([key, entry]) => evict(key, entry)));
}

/** Ends every kept session (DELETE on the hub). */
export async function closeAllSessions(): Promise<void> {
	await Promise.all([...entries].map(([key, entry]) => evict(key, entry)));
}

/** How many sessions are kept, for tests. */
export function keptSessions(): number {
	return entries.size;
}

function evict(key: string, entry: Entry): Promise<void> {
	if (entries.get(key) === entry) entries.delete(key);
	clearTimeout(entry.idleTimer);
	// one still in use is ended by its last user
	return entry.users > 0 ? Promise.resolve() : entry.session.close();
}

/** The least recently used idle sessions go first; busy ones are never cut. */
function evictBeyondLimit(): void {
	if (entries.size <= MAX_SESSIONS) return;
	const idle = [...entries].filter(([, e]) => e.users === 0).sort((a, b) => a[1].lastUsed - b[1].lastUsed);
	for (const [key, entry] of idle.slice(0, entries.size - MAX_SESSIONS)) void evict(key, entry);
}

/**
 * n8n ends on SIGTERM/SIGINT after its own shutdown, which gives the DELETEs time to go out.
 * Hooked only where something else already handles the signal (n8n does), so that a
 * process without handlers keeps its default of exiting at once.
 */
function hookShutdown(): void {
	if (shutdownHooked) return;
	shutdownHooked = true;
	for (const signal of ['SIGTERM', 'SIGINT'] as const) {
		if (process.listenerCount(signal) > 0) process.once(signal, () => void closeAllSessions());
	}
}

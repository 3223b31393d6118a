import type { HubAccess } from '../transport/hubAccess';
import type { HubErrorContext } from '../transport/hubErrors';

/**
 * Whom a node acts as: the one person whose token is in a Civic API credential, or, with a
 * Civic App, each item's end user, by the token the item carries.
 */
export interface NodeAccess {
	/** Every item acts as its own user: sessions are taken per item, never one for the run. */
	readonly perUser: boolean;
	/** What messages may name and must scrub: the credential's own secrets. */
	readonly errorContext: HubErrorContext;
	/**
	 * The same for one item: the credential's secrets and that item's user's tokens. An item's
	 * message can only echo its own user's tokens, so it is scrubbed of those alone: scrubbing
	 * every user's tokens from every item would grow with the square of the users in a run.
	 */
	errorContextFor(itemIndex: number): HubErrorContext;
	/** The Civic API credential's token, for expiry warnings; none for an app's users. */
	readonly credentialToken?: string;
	/** The hub access item `itemIndex` runs with; throws what a credential or User Token lacks. */
	forItem(itemIndex: number): Promise<HubAccess>;
	/** Renews a token the hub refused or that ran out mid-run, where the credential can (Civic OAuth2). */
	renew?(refused: HubAccess): Promise<void>;
}

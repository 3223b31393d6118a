import { randomUUID } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * What Civic does when a tool's service is not authorized for a profile (Civic's
 * "Implementing civic:rest-auth" and "Authorizations" pages): the call becomes a job, the
 * reply says "authorize first" without `isError`, a status endpoint tells when a person has
 * authorized, and `continue_job` resumes the call. Tests steer jobs with `settings`.
 */
export interface AuthorizationSettings {
	/** Approve every new job this long after it is created, as a person would. */
	approveAfterMs?: number;
	/** End every new job with this error (status 422) this long after it is created. */
	failAfter?: { ms: number; error: string };
	/** Jobs are approved by the time they are first asked about (authorized earlier). */
	alreadyApproved?: boolean;
	/** How many authorizations one call needs, one service after another. Default 1. */
	steps?: number;
	/** Advertise the status endpoint on this origin instead of the hub's own. */
	pollingOrigin?: string;
	/** Answer in the default shape even to a client that declared civic:rest-auth, as an older hub would. */
	ignoreRestAuth?: boolean;
	/**
	 * Jobs wait for a person's approval in Civic (a profile in approval mode) rather than a
	 * sign-in: the reply says so and the status endpoint gives no page to open. Civic does not
	 * document this shape; it is the general case a client can tell apart.
	 */
	approvalMode?: boolean;
}

export type JobStatus = 'AUTH_REQUIRED' | 'APPROVED' | 'ERROR';

export interface AuthorizationJob {
	id: string;
	accountId: string;
	profileId: string;
	user?: string;
	service: string;
	tool: string;
	args: Record<string, unknown>;
	/** Authorizations still needed after this one. */
	stepsAfter: number;
	createdAt: number;
	status: JobStatus;
	error?: string;
}

export interface Requester {
	accountId: string;
	profileId: string;
	/** An app's end user (the token's `sub`): each authorizes their own services. */
	user?: string;
}

export const CONTINUE_JOB_TOOL = 'continue_job';
export const PROMOTION_TEXT =
	'A matching credential exists but is not assigned to this profile. An account admin can assign it through the authorization management UI.';

export class AuthorizationDesk {
	settings: AuthorizationSettings = {};
	/** Status-endpoint requests by HTTP method: proof of how a client polls. */
	statusRequests: Record<string, number> = {};
	/** Told of every new job that waits for a person (npm run dev prints its page). */
	onJobOpened?: (job: AuthorizationJob, authUrl: string) => void;
	private readonly jobs = new Map<string, AuthorizationJob>();
	private readonly authorized = new Set<string>();

	constructor(private readonly origin: () => string) {}

	reset(): void {
		this.settings = {};
		this.statusRequests = {};
		this.jobs.clear();
		this.authorized.clear();
	}

	isAuthorized(who: Requester, service: string): boolean {
		return this.authorized.has(key(who, service));
	}

	/** A service authorized for the requester beforehand, as a person who connected it in Civic earlier. */
	grant(who: Requester, service: string): void {
		this.authorized.add(key(who, service));
	}

	/** A new job for a call whose service is not authorized yet. */
	open(who: Requester, service: string, tool: string, args: Record<string, unknown>, stepsAfter?: number): AuthorizationJob {
		const job: AuthorizationJob = {
			id: randomUUID(),
			...who,
			service,
			tool,
			args,
			stepsAfter: stepsAfter ?? Math.max(0, (this.settings.steps ?? 1) - 1),
			createdAt: Date.now(),
			status: this.settings.alreadyApproved ? 'APPROVED' : 'AUTH_REQUIRED',
		};
		this.jobs.set(job.id, job);
		if (job.status === 'APPROVED') this.authorized.add(key(job, service));
		else this.onJobOpened?.(job, this.authUrl(job));
		return job;
	}

	/** The job as of now: timed approvals and failures take effect when someone looks. */
	find(id: string): AuthorizationJob | undefined {
		const job = this.jobs.get(id);
		if (!job || job.status !== 'AUTH_REQUIRED') return job;
		const age = Date.now() - job.createdAt;
		const { approveAfterMs, failAfter } = this.settings;
		if (failAfter && age >= failAfter.ms) {
			job.status = 'ERROR';
			job.error = failAfter.error;
		} else if (approveAfterMs !== undefined && age >= approveAfterMs) {
			this.approve(id);
		}
		return job;
	}

	/** A resumed job is used up: resuming it again finds nothing. */
	forget(id: string): void {
		this.jobs.delete(id);
	}

	/** What the authorization page does when a person completes it. */
	approve(id: string): boolean {
		const job = this.jobs.get(id);
		if (!job || job.status === 'ERROR') return false;
		job.status = 'APPROVED';
		this.authorized.add(key(job, job.service));
		return true;
	}

	authUrl(job: AuthorizationJob): string {
		return `${this.origin()}/hub/authorize/${job.id}`;
	}

	statusUrl(job: AuthorizationJob): string {
		return `${this.settings.pollingOrigin ?? this.origin()}/user/jobs/${job.id}/status`;
	}

	/** The reply in the shape the client asked for: `civic:rest-auth`, or Civic's default. */
	reply(job: AuthorizationJob, restAuth: boolean): CallToolResult {
		const tagged = (name: string, uri: string, text: string) => ({
			type: 'resource' as const,
			resource: { uri, mimeType: 'text/plain', text, _meta: { name } },
		});
		if (restAuth) {
			return {
				content: [
					{ type: 'text', text: this.settings.approvalMode ? `${job.tool} is waiting for approval in Civic.` : 'Authorization required.' },
					tagged('continue_job_id', `${this.origin()}/jobs/${job.id}`, job.id),
					tagged('auth_polling_endpoint', this.statusUrl(job), this.statusUrl(job)),
				],
			};
		}
		return {
			content: [
				{
					type: 'text',
					text: `To use ${job.tool}, authorize ${job.service} for this profile at the link below, then ask to continue.`,
				},
				tagged('authorization_url', this.authUrl(job), this.authUrl(job)),
				tagged('continue_job_id', `${this.origin()}/jobs/${job.id}`, job.id),
			],
		};
	}
}

const key = (who: Requester, service: string) => `${who.accountId}/${who.profileId}/${who.user ?? ''}/${service}`;

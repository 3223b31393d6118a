import { CONTINUE_JOB_TOOL } from '../authorization/authorizationFlow';

/**
 * Tools the Civic hub adds for its own workings (resume a job after authorization, help,
 * skills, profile switching): listed by `tools/list`, but not what a person picks or counts.
 */
const HUB_META_TOOLS = new Set([CONTINUE_JOB_TOOL, 'help', 'load-skill', 'switch_profile']);

export const isHubMetaTool = (name: string) => HUB_META_TOOLS.has(name);

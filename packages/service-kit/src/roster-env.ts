import { ROSTER_DEFAULTS, type RosterOptions } from "@routing/roster";
import { envInteger } from "./env.js";

const WEEK_SECONDS = 7 * 24 * 60 * 60;

/**
 * When a roster is stale and when a member's skills have expired: every app that reads the roster (the
 * ingester's staleness gauges, the workers' decisions, the dashboard's roster view) must give the same
 * answer, so they read these two variables through this one shape.
 */
export const rosterEnvShape = {
  ROSTER_MAX_AGE_SECONDS: envInteger(60, WEEK_SECONDS).default(ROSTER_DEFAULTS.maxConfirmedAgeMs / 1000),
  ROSTER_SKILLS_TTL_SECONDS: envInteger(60, WEEK_SECONDS).default(ROSTER_DEFAULTS.skillsTtlMs / 1000),
};

export type RosterStaleness = Required<Pick<RosterOptions, "maxConfirmedAgeMs" | "skillsTtlMs">>;

/** The roster store options of the parsed `rosterEnvShape`. */
export function rosterStaleness(parsed: {
  readonly ROSTER_MAX_AGE_SECONDS: number;
  readonly ROSTER_SKILLS_TTL_SECONDS: number;
}): RosterStaleness {
  return {
    maxConfirmedAgeMs: parsed.ROSTER_MAX_AGE_SECONDS * 1000,
    skillsTtlMs: parsed.ROSTER_SKILLS_TTL_SECONDS * 1000,
  };
}

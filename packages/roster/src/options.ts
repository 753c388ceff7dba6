/**
 * What a decision does when the roster it reads is stale (see the README, "Staleness"):
 *
 * - `refresh-once`: one decision per staleness episode (claimed with `claimStaleRefresh`) re-reads the queue
 *   over REST, writes what it read to the roster, and decides on that; the others decide on the roster as
 *   it is and record that it was stale.
 * - `decide-and-record`: never spend a call on it; decide on the stale roster and record that it was stale
 *   (the seed the ingester already queued repairs it).
 */
export type StalePolicy = "refresh-once" | "decide-and-record";

export const STALE_POLICIES: readonly StalePolicy[] = ["refresh-once", "decide-and-record"];

export interface RosterOptions {
  /**
   * Prefix of every roster key. One deployment (every ingester and worker of it) shares one prefix; the apps
   * use `rosterKeyPrefix(BULLMQ_PREFIX)` (`${BULLMQ_PREFIX}:roster`).
   * @defaultValue "routing:roster"
   */
  readonly keyPrefix?: string;
  /**
   * A queue whose roster was last confirmed (seeded or reconciled) longer ago than this is stale
   * (`confirmation-too-old`), however quiet its notifications are.
   * @defaultValue 1_800_000 (30 minutes)
   */
  readonly maxConfirmedAgeMs?: number;
  /**
   * Genesys sends no event when a skill or language changes, so a member's skills and languages are a cache
   * of the last read: older than this, the member reads as `skillsExpired` (the background refresh should
   * keep that from happening; the README relates it to the refresh share).
   * @defaultValue 3_600_000 (1 hour)
   */
  readonly skillsTtlMs?: number;
  /**
   * What the decision step does with a stale roster.
   * @defaultValue "refresh-once"
   */
  readonly onStale?: StalePolicy;
  /**
   * How long a `claimStaleRefresh` claim holds: another decision may refresh the same episode after it.
   * @defaultValue 60_000
   */
  readonly staleRefreshClaimMs?: number;
  /** Epoch ms; injectable for tests. @defaultValue Date.now */
  readonly now?: () => number;
}

export interface ResolvedRosterOptions {
  readonly keyPrefix: string;
  readonly maxConfirmedAgeMs: number;
  readonly skillsTtlMs: number;
  readonly onStale: StalePolicy;
  readonly staleRefreshClaimMs: number;
  readonly now: () => number;
}

export const ROSTER_DEFAULTS = {
  keyPrefix: "routing:roster",
  maxConfirmedAgeMs: 30 * 60_000,
  skillsTtlMs: 60 * 60_000,
  onStale: "refresh-once",
  staleRefreshClaimMs: 60_000,
} as const satisfies Omit<ResolvedRosterOptions, "now">;

/**
 * The roster's key prefix in a deployment whose BullMQ prefix (BULLMQ_PREFIX) is `bullmqPrefix`: every
 * ingester, worker and dashboard of the deployment must compute it the same way to share one roster.
 */
export function rosterKeyPrefix(bullmqPrefix: string): string {
  return `${bullmqPrefix}:roster`;
}

/**
 * A queue an ingester declared (`declareFollowed`) within this long is followed. Ingesters re-declare theirs
 * every 5 minutes, so a queue dropped from INGESTER_QUEUE_IDS stops being followed (reconciled, refreshed,
 * shown) within the hour, while a restart or a short outage of the ingesters loses nothing.
 */
export const FOLLOWED_WITHIN_MS = 60 * 60_000;

/** A bad option: names it, never echoes a value that could be a secret. */
export class RosterOptionsError extends Error {
  override readonly name = "RosterOptionsError";
  constructor(
    readonly option: string,
    reason: string,
  ) {
    super(`roster option "${option}" ${reason}`);
  }
}

/** Longer than any roster setting could sensibly be (30 days), and far below setTimeout's ceiling. */
const MAX_DURATION_MS = 30 * 24 * 3_600_000;

function duration(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_DURATION_MS) {
    throw new RosterOptionsError(
      option,
      `must be a whole number of milliseconds from 1 to ${MAX_DURATION_MS}`,
    );
  }
  return value;
}

// Redis key characters we allow in a prefix: no spaces or braces, so that keys stay greppable.
const KEY_PREFIX = /^[A-Za-z0-9:_.-]{1,100}$/;

/** Applies the documented defaults; a bad option throws RosterOptionsError naming it. */
export function resolveRosterOptions(options: RosterOptions = {}): ResolvedRosterOptions {
  if (typeof options !== "object" || options === null) {
    throw new RosterOptionsError("options", "must be an object");
  }
  const keyPrefix = options.keyPrefix ?? ROSTER_DEFAULTS.keyPrefix;
  if (typeof keyPrefix !== "string" || !KEY_PREFIX.test(keyPrefix)) {
    throw new RosterOptionsError("keyPrefix", "must be 1-100 characters of A-Z a-z 0-9 : _ . -");
  }
  const onStale = options.onStale ?? ROSTER_DEFAULTS.onStale;
  if (!STALE_POLICIES.includes(onStale)) {
    throw new RosterOptionsError("onStale", `must be one of: ${STALE_POLICIES.join(", ")}`);
  }
  if (options.now !== undefined && typeof options.now !== "function") {
    throw new RosterOptionsError("now", "must be a function returning epoch milliseconds");
  }
  return {
    keyPrefix,
    maxConfirmedAgeMs: duration(
      "maxConfirmedAgeMs",
      options.maxConfirmedAgeMs,
      ROSTER_DEFAULTS.maxConfirmedAgeMs,
    ),
    skillsTtlMs: duration("skillsTtlMs", options.skillsTtlMs, ROSTER_DEFAULTS.skillsTtlMs),
    onStale,
    staleRefreshClaimMs: duration(
      "staleRefreshClaimMs",
      options.staleRefreshClaimMs,
      ROSTER_DEFAULTS.staleRefreshClaimMs,
    ),
    now: options.now ?? Date.now,
  };
}

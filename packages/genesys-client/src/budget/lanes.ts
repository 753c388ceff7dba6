import { GenesysClientOptionsError } from "../errors.js";

/**
 * Which share of the one per-client rate budget a call draws from. Routing writes come first; the other
 * lanes have configured shares so that background work (roster refresh, reconciliation, skill sync, gap
 * recovery, maintenance) never starves decisions, and the ingester's channel calls are never starved by
 * workers at saturation.
 */
export type RequestLane =
  | "decision"
  | "notifications"
  | "roster"
  | "reconciliation"
  | "skills"
  | "recovery"
  | "maintenance";

/**
 * Every lane, in the order a budget serves them when slots free up: decisions first, then the ingester's
 * channel calls, then background work.
 */
export const REQUEST_LANES: readonly RequestLane[] = [
  "decision",
  "notifications",
  "recovery",
  "roster",
  "reconciliation",
  "skills",
  "maintenance",
];

/** The lane of a call that names none. */
export const DEFAULT_LANE: RequestLane = "decision";

export interface LaneShare {
  /**
   * Share of the window's limit held back for this lane: other lanes may not take the last
   * `floor(reservedShare × limit)` slots while this lane has not used them. A lane's own reservation
   * never blocks itself.
   */
  readonly reservedShare: number;
  /** Most of the window's limit this lane may hold: at most `max(1, floor(maxShare × limit))` grants. */
  readonly maxShare: number;
}

export type LaneShares = Readonly<Record<RequestLane, LaneShare>>;
export type LaneSharesOptions = Partial<Readonly<Record<RequestLane, Partial<LaneShare>>>>;

/**
 * The documented defaults (README "Budget lanes"):
 * - `decision` (routing writes and the reads a decision needs): half the window is theirs whatever the
 *   background lanes do, and they may use all of it.
 * - `notifications` (the ingester's channel and subscription calls): 5 % held back so workers at saturation
 *   never starve a reconnect; at most a quarter.
 * - background lanes: no reservation, and a cap each, so that together they can never take the decisions'
 *   half.
 *
 * @defaultValue see the table in the README
 */
export const DEFAULT_LANE_SHARES: LaneShares = {
  decision: { reservedShare: 0.5, maxShare: 1 },
  notifications: { reservedShare: 0.05, maxShare: 0.25 },
  recovery: { reservedShare: 0, maxShare: 0.3 },
  roster: { reservedShare: 0, maxShare: 0.3 },
  reconciliation: { reservedShare: 0, maxShare: 0.2 },
  skills: { reservedShare: 0, maxShare: 0.2 },
  maintenance: { reservedShare: 0, maxShare: 0.1 },
};

export function isRequestLane(value: unknown): value is RequestLane {
  return typeof value === "string" && (REQUEST_LANES as readonly string[]).includes(value);
}

/** Throws GenesysValidationError-like option errors naming the lane and field. */
export function resolveLaneShares(options: LaneSharesOptions | undefined, option = "lanes"): LaneShares {
  if (options !== undefined && (options === null || typeof options !== "object")) {
    throw new GenesysClientOptionsError(option, "must be an object keyed by lane");
  }
  for (const key of Object.keys(options ?? {})) {
    if (!isRequestLane(key)) {
      throw new GenesysClientOptionsError(`${option}.${key}`, `is not a lane (${REQUEST_LANES.join(", ")})`);
    }
  }
  const resolved = {} as Record<RequestLane, LaneShare>;
  let reservedTotal = 0;
  for (const lane of REQUEST_LANES) {
    const given = options?.[lane] ?? {};
    const defaults = DEFAULT_LANE_SHARES[lane];
    const reservedShare = share(
      `${option}.${lane}.reservedShare`,
      given.reservedShare,
      defaults.reservedShare,
    );
    const maxShare = share(`${option}.${lane}.maxShare`, given.maxShare, defaults.maxShare);
    if (maxShare === 0) throw new GenesysClientOptionsError(`${option}.${lane}.maxShare`, "must be above 0");
    if (reservedShare > maxShare) {
      throw new GenesysClientOptionsError(`${option}.${lane}.reservedShare`, "must not exceed maxShare");
    }
    reservedTotal += reservedShare;
    resolved[lane] = { reservedShare, maxShare };
  }
  if (reservedTotal > 1 + 1e-9) {
    throw new GenesysClientOptionsError(option, "the reserved shares of all lanes must add up to at most 1");
  }
  return resolved;
}

function share(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new GenesysClientOptionsError(option, "must be a number from 0 to 1");
  }
  return value;
}

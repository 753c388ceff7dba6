import { type LaneShares, REQUEST_LANES } from "./lanes.js";

/** One lane as the planner sees it, in REQUEST_LANES (priority) order. */
export interface LaneDemand {
  /** Grants of this lane inside the current window. */
  readonly count: number;
  /** Waiters that want a grant now. */
  readonly wanted: number;
}

export interface LaneBounds {
  /** `floor(reservedShare × limit)`. */
  readonly reserve: number;
  /** `max(1, floor(maxShare × limit))`. */
  readonly cap: number;
}

export function laneBounds(shares: LaneShares, limit: number): LaneBounds[] {
  return REQUEST_LANES.map((lane) => ({
    reserve: Math.floor(shares[lane].reservedShare * limit),
    cap: Math.max(1, Math.floor(shares[lane].maxShare * limit)),
  }));
}

/**
 * THE grant rule, shared by the in-process budget and (as Lua) the Redis budget: lanes are served in
 * priority order, and lane `l` may take a slot while
 *
 * - the window holds fewer than `limit` grants in total,
 * - lane `l` holds fewer than its cap, and
 * - the slot is not one of those still reserved for another lane: `total + 1 + Σ_{k≠l} max(0, reserve_k −
 *   count_k) ≤ limit`;
 *
 * and, during the ramp after a pause, while fewer than `rampRoom` grants were made. Returns the grants per
 * lane (same order as `demands`).
 */
export function planGrants(
  limit: number,
  bounds: readonly LaneBounds[],
  demands: readonly LaneDemand[],
  rampRoom: number | undefined,
): number[] {
  const counts = demands.map((demand) => demand.count);
  let total = counts.reduce((sum, count) => sum + count, 0);
  let ramp = rampRoom;
  return demands.map((demand, lane) => {
    let unmetOthers = 0;
    bounds.forEach((bound, other) => {
      if (other !== lane) unmetOthers += Math.max(0, bound.reserve - (counts[other] ?? 0));
    });
    const bound = bounds[lane] ?? { reserve: 0, cap: 0 };
    let room = Math.min(bound.cap - (counts[lane] ?? 0), limit - total - unmetOthers);
    if (ramp !== undefined) room = Math.min(room, ramp);
    const granted = Math.max(0, Math.min(demand.wanted, room));
    counts[lane] = (counts[lane] ?? 0) + granted;
    total += granted;
    if (ramp !== undefined) ramp -= granted;
    return granted;
  });
}

/**
 * After a pause the budget does not release its backlog at once: `floor(limit × elapsed / windowMs) + 1`
 * grants may have been made `elapsed` ms after the pause ended, spreading the backlog over one window.
 * Returns how many more may go now, or undefined once the ramp is over.
 */
export function rampRoom(
  limit: number,
  windowMs: number,
  resumedAt: number | undefined,
  now: number,
  grantsSinceResume: number,
): number | undefined {
  if (resumedAt === undefined || now < resumedAt || now >= resumedAt + windowMs) return undefined;
  const allowed = Math.floor((limit * (now - resumedAt)) / windowMs) + 1;
  return Math.max(0, allowed - grantsSinceResume);
}

/** When the ramp allows its next grant, as ms from `now`. */
export function nextRampStepMs(
  limit: number,
  windowMs: number,
  resumedAt: number,
  now: number,
  grantsSinceResume: number,
): number {
  return resumedAt + (grantsSinceResume * windowMs) / limit - now;
}

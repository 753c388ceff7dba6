import { performance } from "node:perf_hooks";
import { GenesysClientOptionsError } from "../errors.js";
import type { PausableRateBudget, RateBudgetOptions } from "../rate-budget.js";
import { resolveBudgetSettings } from "../rate-budget.js";
import { laneBounds, nextRampStepMs, planGrants, rampRoom } from "./grant-plan.js";
import { DEFAULT_LANE, REQUEST_LANES, type RequestLane } from "./lanes.js";

export interface LocalRateBudgetOptions extends RateBudgetOptions {
  /**
   * Clock in milliseconds (default `performance.now`: monotonic, so a wall-clock step on the host cannot
   * open or close the window early).
   */
  readonly now?: () => number;
}

interface Waiter {
  readonly resolve: () => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

const LANE_INDEX: ReadonlyMap<RequestLane, number> = new Map(
  REQUEST_LANES.map((lane, index) => [lane, index]),
);

function laneIndexOf(lane: RequestLane | undefined): number {
  const index = LANE_INDEX.get(lane ?? DEFAULT_LANE);
  if (index === undefined) throw new GenesysClientOptionsError("lane", `unknown lane "${String(lane)}"`);
  return index;
}

/**
 * An in-process SLIDING window: no window of `windowMs` (+ `arrivalJitterMs`), wherever it starts, ever
 * holds more than `limit` grants, whatever the lanes. A fixed window would allow up to twice the limit across
 * a window edge (see design notes), which is what earns 429s. Lanes are served in priority order by the
 * rule in grant-plan.ts, first come first served within a lane. For one process only: a deployment with
 * several processes needs the shared (Redis) budget.
 */
export function createLocalRateBudget(options: LocalRateBudgetOptions): PausableRateBudget {
  const settings = resolveBudgetSettings(options);
  const windowMs = settings.paddedWindowMs;
  const now = options.now ?? (() => performance.now());
  // Grant times per lane in ascending order; only those inside the current window are kept.
  const grants: number[][] = REQUEST_LANES.map(() => []);
  const waiters: Waiter[][] = REQUEST_LANES.map(() => []);
  let pausedUntil = Number.NEGATIVE_INFINITY;
  let resumedAt: number | undefined;
  let observed: { readonly allowed: number; readonly until: number } | undefined;
  let timer: NodeJS.Timeout | undefined;

  const forgetExpired = (at: number): void => {
    for (const times of grants) {
      while (times.length > 0 && (times[0] ?? at) <= at - windowMs) times.shift();
    }
  };

  const effectiveLimit = (at: number): number => {
    if (observed !== undefined && at >= observed.until) observed = undefined;
    return Math.min(settings.limit, observed?.allowed ?? Number.POSITIVE_INFINITY);
  };

  const grantsSince = (since: number): number =>
    grants.reduce((sum, times) => sum + times.filter((time) => time >= since).length, 0);

  /** Grants what the rule allows now; returns ms until something may change, or undefined when idle. */
  const plan = (at: number, wanted: readonly number[]): { granted: number[]; waitMs: number } => {
    forgetExpired(at);
    const limit = effectiveLimit(at);
    const ramp = rampRoom(
      limit,
      windowMs,
      resumedAt,
      at,
      resumedAt === undefined ? 0 : grantsSince(resumedAt),
    );
    const granted = planGrants(
      limit,
      laneBounds(settings.lanes, limit),
      grants.map((times, lane) => ({ count: times.length, wanted: wanted[lane] ?? 0 })),
      ramp,
    );
    granted.forEach((count, lane) => {
      for (let i = 0; i < count; i++) grants[lane]?.push(at);
    });
    let waitMs = Number.POSITIVE_INFINITY;
    for (const times of grants) {
      const oldest = times[0];
      if (oldest !== undefined) waitMs = Math.min(waitMs, oldest + windowMs - at);
    }
    if (ramp !== undefined && resumedAt !== undefined) {
      waitMs = Math.min(waitMs, nextRampStepMs(limit, windowMs, resumedAt, at, grantsSince(resumedAt)));
    }
    return { granted, waitMs: Math.max(1, Number.isFinite(waitMs) ? waitMs : 1) };
  };

  const schedule = (ms: number): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(pump, Math.max(1, Math.ceil(ms)));
  };

  function pump(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (waiters.every((queue) => queue.length === 0)) return;
    const at = now();
    if (at < pausedUntil) {
      schedule(pausedUntil - at);
      return;
    }
    const { granted, waitMs } = plan(
      at,
      waiters.map((queue) => queue.length),
    );
    granted.forEach((count, lane) => {
      for (const waiter of waiters[lane]?.splice(0, count) ?? []) {
        waiter.signal?.removeEventListener("abort", waiter.onAbort);
        waiter.resolve();
      }
    });
    if (waiters.some((queue) => queue.length > 0)) schedule(waitMs);
  }

  const pauseFor = (ms: number): void => {
    const until = now() + ms;
    if (until <= pausedUntil) return;
    pausedUntil = until;
    resumedAt = until;
    if (waiters.some((queue) => queue.length > 0)) schedule(ms);
  };

  return {
    acquire(request, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      const lane = laneIndexOf(request?.lane);
      return new Promise<void>((resolve, reject) => {
        const queue = waiters[lane] as Waiter[];
        const waiter: Waiter = {
          resolve,
          signal,
          onAbort: () => {
            const index = queue.indexOf(waiter);
            if (index >= 0) queue.splice(index, 1);
            reject(signal?.reason);
          },
        };
        signal?.addEventListener("abort", waiter.onAbort, { once: true });
        queue.push(waiter);
        pump();
      });
    },
    async tryAcquire(request) {
      const lane = laneIndexOf(request?.lane);
      if ((waiters[lane]?.length ?? 0) > 0) return false;
      const at = now();
      if (at < pausedUntil) return false;
      const wanted = REQUEST_LANES.map((_, index) => (index === lane ? 1 : 0));
      return (plan(at, wanted).granted[lane] ?? 0) > 0;
    },
    observe(headers) {
      const at = now();
      const { allowed, count, resetSeconds } = headers;
      if (allowed !== undefined && allowed >= 1) {
        const current = observed !== undefined && at < observed.until ? observed.allowed : undefined;
        observed = {
          allowed: current === undefined ? allowed : Math.min(current, allowed),
          until: at + settings.observedLimitTtlMs,
        };
      }
      if (allowed !== undefined && count !== undefined && count >= allowed && resetSeconds !== undefined) {
        if (resetSeconds > 0) pauseFor(resetSeconds * 1000);
      }
    },
    async pauseFor(ms) {
      if (!Number.isFinite(ms) || ms <= 0) {
        throw new GenesysClientOptionsError("ms", "must be a positive number of milliseconds");
      }
      pauseFor(ms);
    },
    async pausedForMs() {
      return Math.max(0, pausedUntil - now());
    },
  };
}

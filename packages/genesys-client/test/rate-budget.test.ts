import { performance } from "node:perf_hooks";
import { describe, expect, it, vi } from "vitest";
import { laneBounds, planGrants, rampRoom } from "../src/budget/grant-plan.js";
import { REQUEST_LANES } from "../src/budget/lanes.js";
import {
  createLocalRateBudget,
  DEFAULT_LANE_SHARES,
  GenesysClientOptionsError,
  type RequestLane,
  resolveLaneShares,
} from "../src/index.js";
import { busiestSlidingWindow } from "./sliding-window.js";

const request = { method: "GET", pathTemplate: "/api/v2/routing/queues" };

/** True when the promise is already resolved (it settles before a macrotask turn). */
async function isSettledNow(promise: Promise<unknown>): Promise<boolean> {
  const pending = Symbol("pending");
  const winner = await Promise.race([
    promise,
    new Promise((resolve) => setImmediate(() => resolve(pending))),
  ]);
  return winner !== pending;
}

describe("createLocalRateBudget", () => {
  it("never lets more than `limit` requests into any sliding window, across window edges too", async () => {
    // Fake timers: a grant's time is exactly the clock the budget read, however slow the machine is.
    // (With real timers the `.then` that records a grant runs after other code has moved the clock on,
    // which once made a correct budget look like it let 10 through one window.)
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    try {
      const limit = 5;
      const windowMs = 200;
      const budget = createLocalRateBudget({ limit, windowMs, now: () => Date.now() });
      const granted: number[] = [];
      const started = Date.now();
      // A backlog larger than several windows, like a queue of jobs waiting on the budget.
      const all = Promise.all(
        Array.from({ length: 23 }, () => budget.acquire(request).then(() => granted.push(Date.now()))),
      );
      // Advance in uneven steps so that timers fire late, as they do on a loaded machine.
      for (let step = 0; step < 200 && granted.length < 23; step++) await vi.advanceTimersByTimeAsync(7);
      await all;
      expect(granted).toHaveLength(23);
      expect(busiestSlidingWindow(granted, windowMs)).toBeLessThanOrEqual(limit);
      // 23 grants cannot fit in less than 4 full windows after the first burst.
      expect((granted.at(-1) ?? 0) - started).toBeGreaterThanOrEqual(4 * windowMs);
    } finally {
      vi.useRealTimers();
    }
  });

  it("holds the limit on the real clock too, whatever the scheduler does", async () => {
    // Only the budget's own clock reads are trusted here, never the time a `.then` happened to run.
    const limit = 4;
    const windowMs = 100;
    const reads: number[] = [];
    const budget = createLocalRateBudget({
      limit,
      windowMs,
      now: () => {
        const at = performance.now();
        reads.push(at);
        return at;
      },
    });
    let grantsSoFar = 0;
    await Promise.all(
      Array.from({ length: 13 }, () =>
        budget.acquire(request).then(() => {
          grantsSoFar++;
        }),
      ),
    );
    expect(grantsSoFar).toBe(13);
    // Every grant happened at one of the clock reads; the budget keeps at most `limit` of them per window,
    // so the total elapsed time must cover three full windows after the first burst.
    expect((reads.at(-1) ?? 0) - (reads[0] ?? 0)).toBeGreaterThanOrEqual(3 * windowMs);
  });

  it("grants immediately while under the limit, and holds the next one", async () => {
    // A clock that never moves: anything that has to wait for the window stays pending.
    const budget = createLocalRateBudget({ limit: 3, windowMs: 60_000, now: () => 0 });
    const grants = [budget.acquire(request), budget.acquire(request), budget.acquire(request)];
    expect(await Promise.all(grants.map(isSettledNow))).toEqual([true, true, true]);
    const controller = new AbortController();
    const fourth = budget.acquire(request, controller.signal);
    expect(await isSettledNow(fourth.catch(() => undefined))).toBe(false);
    controller.abort(new Error("test over"));
    await expect(fourth).rejects.toThrow("test over");
  });

  it("lets an aborted waiter leave the queue without consuming a slot", async () => {
    let clock = 0;
    const budget = createLocalRateBudget({ limit: 1, windowMs: 150, arrivalJitterMs: 0, now: () => clock });
    await budget.acquire(request);
    const controller = new AbortController();
    const abandoned = budget.acquire(request, controller.signal);
    const next = budget.acquire(request);
    controller.abort(new Error("job cancelled"));
    await expect(abandoned).rejects.toThrow("job cancelled");
    // One window later exactly one slot frees. Had the aborted waiter taken it, `next` would need another
    // window, which this clock never reaches, and the test would time out.
    clock = 150;
    let grantedAt: number | undefined;
    await next.then(() => {
      grantedAt = clock;
    });
    expect(grantedAt).toBe(150);
    await expect(budget.acquire(request, AbortSignal.abort(new Error("already")))).rejects.toThrow("already");
  });

  it("rejects bad options naming them", () => {
    expect(() => createLocalRateBudget({ limit: 0, windowMs: 1_000 })).toThrow(GenesysClientOptionsError);
    expect(() => createLocalRateBudget({ limit: 1.5, windowMs: 1_000 })).toThrow(/"limit"/);
    expect(() => createLocalRateBudget({ limit: 5, windowMs: 0 })).toThrow(/"windowMs"/);
  });
});

describe("lanes (the one grant rule, planGrants)", () => {
  const bounds = laneBounds(DEFAULT_LANE_SHARES, 20);
  const demand = (
    wanted: Partial<Record<RequestLane, number>>,
    counts: Partial<Record<RequestLane, number>> = {},
  ) => REQUEST_LANES.map((lane) => ({ count: counts[lane] ?? 0, wanted: wanted[lane] ?? 0 }));
  const byLane = (granted: number[]) =>
    Object.fromEntries(REQUEST_LANES.map((lane, index) => [lane, granted[index]]).filter(([, n]) => n !== 0));

  it("serves decisions first but leaves the notifications' reservation", () => {
    expect(
      byLane(planGrants(20, bounds, demand({ decision: 50, notifications: 3, roster: 50 }), undefined)),
    ).toEqual({ decision: 19, notifications: 1 });
  });

  it("caps each background lane and keeps the decisions' half free for them", () => {
    const granted = planGrants(
      20,
      bounds,
      demand({ roster: 50, recovery: 50, reconciliation: 50, skills: 50, maintenance: 50 }),
      undefined,
    );
    // 20 − decisions' 10 − notifications' 1 = 9 for background, in lane order, each under its cap.
    expect(byLane(granted)).toEqual({ recovery: 6, roster: 3 });
    // Once decisions used their reservation, background may take what is left, up to their caps.
    expect(
      byLane(
        planGrants(
          40,
          laneBounds(DEFAULT_LANE_SHARES, 40),
          demand({ roster: 50, maintenance: 50 }, { decision: 20 }),
          undefined,
        ),
      ),
    ).toEqual({ roster: 12, maintenance: 4 });
  });

  it("never grants past the limit in total, nor past the ramp after a pause", () => {
    expect(planGrants(20, bounds, demand({ decision: 5 }, { decision: 18 }), undefined)[0]).toBe(1);
    expect(planGrants(20, bounds, demand({ decision: 50 }), 3)[0]).toBe(3);
    expect(rampRoom(10, 1_000, 0, 250, 1)).toBe(2);
    expect(rampRoom(10, 1_000, 0, 1_000, 0)).toBeUndefined();
  });

  it("validates lane shares naming the lane and field", () => {
    expect(() => resolveLaneShares({ roster: { maxShare: 1.5 } })).toThrow(/"lanes.roster.maxShare"/);
    expect(() => resolveLaneShares({ skills: { reservedShare: 0.3, maxShare: 0.2 } })).toThrow(
      /"lanes.skills.reservedShare"/,
    );
    expect(() =>
      resolveLaneShares({ decision: { reservedShare: 0.9 }, roster: { reservedShare: 0.2 } }),
    ).toThrow(/add up to at most 1/);
    expect(() => resolveLaneShares({ bogus: {} } as never)).toThrow(/"lanes.bogus"/);
    expect(resolveLaneShares({ roster: { maxShare: 0.5 } }).roster).toEqual({
      reservedShare: 0,
      maxShare: 0.5,
    });
  });
});

describe("createLocalRateBudget: lanes, pause, observed limits", () => {
  it("a waiting decision is served before earlier background waiters when a slot frees", async () => {
    let clock = 0;
    const budget = createLocalRateBudget({ limit: 2, windowMs: 100, arrivalJitterMs: 0, now: () => clock });
    await budget.acquire({ ...request, lane: "decision" });
    await budget.acquire({ ...request, lane: "decision" });
    const order: string[] = [];
    const roster = budget.acquire({ ...request, lane: "roster" }).then(() => order.push("roster"));
    const decision = budget.acquire({ ...request, lane: "decision" }).then(() => order.push("decision"));
    clock = 100;
    await decision;
    clock = 200;
    await roster;
    expect(order).toEqual(["decision", "roster"]);
  });

  it("keeps to a lower inin-ratelimit-allowed it observed, and pauses until reset when Genesys' window is full", async () => {
    let clock = 0;
    const budget = createLocalRateBudget({ limit: 10, windowMs: 60_000, now: () => clock });
    budget.observe({ allowed: 2, count: 1, resetSeconds: 30 }, request);
    await budget.acquire(request);
    await budget.acquire(request);
    expect(await budget.tryAcquire(request)).toBe(false);
    budget.observe({ allowed: 2, count: 2, resetSeconds: 30 }, request);
    expect(await budget.pausedForMs()).toBe(30_000);
    clock = 10 * 60_000; // the observation has not been confirmed for ten windows: forgotten
    expect(await budget.tryAcquire(request)).toBe(true);
  });

  it("releases a backlog paced after a pause", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    try {
      const budget = createLocalRateBudget({
        limit: 10,
        windowMs: 1_000,
        arrivalJitterMs: 0,
        now: () => Date.now(),
      });
      await budget.pauseFor(500);
      const granted: number[] = [];
      const started = Date.now();
      const all = Promise.all(
        Array.from({ length: 10 }, () =>
          budget.acquire(request).then(() => granted.push(Date.now() - started)),
        ),
      );
      for (let step = 0; step < 100 && granted.length < 10; step++) await vi.advanceTimersByTimeAsync(25);
      await all;
      expect(granted[0]).toBeGreaterThanOrEqual(500);
      expect(busiestSlidingWindow(granted, 250)).toBeLessThanOrEqual(3);
      expect(Math.max(...granted)).toBeGreaterThanOrEqual(1_400);
    } finally {
      vi.useRealTimers();
    }
  });
});

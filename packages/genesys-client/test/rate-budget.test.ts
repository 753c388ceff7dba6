import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { createLocalRateBudget, GenesysClientOptionsError } from "../src/index.js";

const request = { method: "GET", pathTemplate: "/api/v2/routing/queues" };

/** The most grants inside any window of `windowMs` (a sliding window anchored on each grant). */
function maxInAnySlidingWindow(times: readonly number[], windowMs: number): number {
  let max = 0;
  for (let i = 0; i < times.length; i++) {
    const start = times[i] ?? 0;
    let count = 0;
    for (let j = i; j < times.length && (times[j] ?? 0) - start < windowMs; j++) count++;
    max = Math.max(max, count);
  }
  return max;
}

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
    const limit = 5;
    const windowMs = 200;
    // Grant times as the budget's own clock saw them: when the waiting code gets to run is up to the
    // scheduler (a loaded CI machine can delay it by tens of milliseconds), not up to the budget.
    let clock = 0;
    const budget = createLocalRateBudget({ limit, windowMs, now: () => (clock = performance.now()) });
    const granted: number[] = [];
    const started = performance.now();
    // A backlog larger than several windows, like a queue of jobs waiting on the budget.
    await Promise.all(
      Array.from({ length: 23 }, () => budget.acquire(request).then(() => granted.push(clock))),
    );
    granted.sort((a, b) => a - b);
    expect(maxInAnySlidingWindow(granted, windowMs)).toBeLessThanOrEqual(limit);
    // 23 grants cannot fit in less than 4 full windows after the first burst.
    expect((granted.at(-1) ?? 0) - started).toBeGreaterThanOrEqual(4 * windowMs);
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
    const budget = createLocalRateBudget({ limit: 1, windowMs: 150, now: () => clock });
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

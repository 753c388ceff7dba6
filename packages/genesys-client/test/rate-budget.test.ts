import { performance } from "node:perf_hooks";
import { describe, expect, it, vi } from "vitest";
import { createLocalRateBudget, GenesysClientOptionsError } from "../src/index.js";
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

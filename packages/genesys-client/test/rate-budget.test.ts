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

describe("createLocalRateBudget", () => {
  it("never lets more than `limit` requests into any sliding window, across window edges too", async () => {
    const limit = 5;
    const windowMs = 200;
    const budget = createLocalRateBudget({ limit, windowMs });
    const granted: number[] = [];
    const started = Date.now();
    // A backlog larger than several windows, like a queue of jobs waiting on the budget.
    await Promise.all(
      Array.from({ length: 23 }, () => budget.acquire(request).then(() => granted.push(Date.now()))),
    );
    const elapsed = Date.now() - started;
    granted.sort((a, b) => a - b);
    expect(maxInAnySlidingWindow(granted, windowMs)).toBeLessThanOrEqual(limit);
    // ...and it is not needlessly slow: 23 grants need 4 full windows after the first burst.
    expect(elapsed).toBeGreaterThanOrEqual(4 * windowMs - 5);
    expect(elapsed).toBeLessThan(4 * windowMs + 800);
  });

  it("grants immediately while under the limit", async () => {
    const budget = createLocalRateBudget({ limit: 3, windowMs: 60_000 });
    const started = Date.now();
    await budget.acquire(request);
    await budget.acquire(request);
    await budget.acquire(request);
    expect(Date.now() - started).toBeLessThan(50);
  });

  it("lets an aborted waiter leave the queue without consuming a slot", async () => {
    const budget = createLocalRateBudget({ limit: 1, windowMs: 150 });
    await budget.acquire(request);
    const controller = new AbortController();
    const abandoned = budget.acquire(request, controller.signal);
    const next = budget.acquire(request);
    controller.abort(new Error("job cancelled"));
    await expect(abandoned).rejects.toThrow("job cancelled");
    const started = Date.now();
    await next;
    expect(Date.now() - started).toBeLessThan(200);
    await expect(budget.acquire(request, AbortSignal.abort(new Error("already")))).rejects.toThrow("already");
  });

  it("rejects bad options naming them", () => {
    expect(() => createLocalRateBudget({ limit: 0, windowMs: 1_000 })).toThrow(GenesysClientOptionsError);
    expect(() => createLocalRateBudget({ limit: 1.5, windowMs: 1_000 })).toThrow(/"limit"/);
    expect(() => createLocalRateBudget({ limit: 5, windowMs: 0 })).toThrow(/"windowMs"/);
  });
});

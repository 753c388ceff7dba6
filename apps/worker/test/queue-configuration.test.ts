import type { CallOptions, Queue } from "@routing/genesys-client";
import { describe, expect, it } from "vitest";
import { createQueueConfigurations } from "../src/queue-config/queue-configuration.js";

const QUEUE = "1c8d2e8f-4a5b-4c6d-8e7f-8091a2b3c4d5";

/** A routing API answering `getQueue` from a script the test controls, recording each read. */
function scriptedRouting(answer: (call: number) => Promise<Queue>) {
  const reads: CallOptions[] = [];
  return {
    reads,
    genesys: {
      routing: {
        getQueue: (_queueId: string, options: CallOptions = {}) => {
          reads.push(options);
          return answer(reads.length);
        },
      },
    } as unknown as Parameters<typeof createQueueConfigurations>[0],
  };
}

describe("queue configurations (cache)", () => {
  it("keeps a queue's rules for the TTL, then reads them again; reads draw from the caller's lane (roster when none)", async () => {
    let nowMs = 0;
    const rules = [{ operator: "MEETS_THRESHOLD", threshold: 80, waitSeconds: 10 }];
    const { genesys, reads } = scriptedRouting(async () => ({ id: QUEUE, routingRules: rules }));
    const cache = createQueueConfigurations(genesys, { ttlMs: 1000, now: () => nowMs });

    expect(await cache.get(QUEUE)).toEqual({
      configuration: { queueId: QUEUE, routingRules: rules, serviceLevels: {} },
      fresh: true,
    });
    nowMs = 999;
    expect((await cache.get(QUEUE)).fresh).toBe(false);
    nowMs = 1000;
    expect((await cache.get(QUEUE, { lane: "decision" })).fresh).toBe(true);
    expect(reads).toEqual([{ lane: "roster" }, { lane: "decision" }]);
  });

  it("shares one read among overlapping lookups; only the first reports it as fresh", async () => {
    let release: (queue: Queue) => void = () => {};
    const { genesys, reads } = scriptedRouting(() => new Promise<Queue>((resolve) => (release = resolve)));
    const cache = createQueueConfigurations(genesys);
    const lookups = [cache.get(QUEUE), cache.get(QUEUE), cache.get(QUEUE)];
    release({ id: QUEUE });
    const results = await Promise.all(lookups);
    expect(reads).toHaveLength(1);
    expect(results.map((result) => result.fresh)).toEqual([true, false, false]);
    // No routingRules in the answer: the queue does not use preferred agent routing.
    expect(results[0]?.configuration.routingRules).toEqual([]);
  });

  it("does not cache a failed read, and keeps only well-typed rule fields from a malformed answer", async () => {
    const { genesys, reads } = scriptedRouting(async (call) => {
      if (call === 1) throw new Error("503");
      return {
        id: QUEUE,
        routingRules: [{ operator: "ANY", threshold: "high", waitSeconds: 5 }, null],
      } as unknown as Queue;
    });
    const cache = createQueueConfigurations(genesys);
    await expect(cache.get(QUEUE)).rejects.toThrow("503");
    expect((await cache.get(QUEUE)).configuration.routingRules).toEqual([
      { operator: "ANY", waitSeconds: 5 },
      {},
    ]);
    expect(reads).toHaveLength(2);
  });

  it("refuses a negative TTL", () => {
    expect(() =>
      createQueueConfigurations(scriptedRouting(async () => ({ id: QUEUE })).genesys, { ttlMs: -1 }),
    ).toThrow(/ttlMs/);
  });
});

import { QUEUES } from "@routing/jobs";
import { Queue, Worker } from "bullmq";
import { describe, expect, vi } from "vitest";
import { dashboardTest } from "./dashboard-fixture.js";
import { parseMetrics, sampleValue } from "./metrics-text.js";

describe("GET /metrics: oldest waiting job and consuming workers per queue (the SLA and no-worker alerts)", () => {
  dashboardTest(
    "reports the age of the oldest waiting or prioritized job and how many workers consume each queue",
    async ({ redis, dashboard }) => {
      const decisions = redis.track(new Queue(QUEUES.decisions, redis.bullmq));
      const maintenance = redis.track(new Queue(QUEUES.maintenance, redis.bullmq));
      const scrape = async () =>
        parseMetrics(await (await dashboard.request("/metrics", { auth: false })).text());

      // Nothing waits and nothing consumes yet: both at 0 (present, so an alert on them can tell).
      const empty = await scrape();
      for (const queue of Object.values(QUEUES)) {
        expect(sampleValue(empty, "bullmq_queue_oldest_waiting_age_seconds", { queue })).toBe(0);
        expect(sampleValue(empty, "bullmq_queue_workers", { queue })).toBe(0);
      }

      // A backlog created a while ago (BullMQ keeps the creation time we give it): maintenance jobs wait in
      // the list in arrival order, decisions carry a priority and sit in the prioritized set.
      const now = Date.now();
      await maintenance.add("skills.adjust", { n: 1 }, { timestamp: now - 300_000 });
      await maintenance.add("skills.adjust", { n: 2 }, { timestamp: now - 100_000 });
      await decisions.add("conversation.score", { n: 1 }, { priority: 1, timestamp: now - 90_000 });
      await decisions.add("conversation.score", { n: 2 }, { priority: 1, timestamp: now - 30_000 });
      // A worker connects to the (paused) decisions queue: it counts as consuming but takes nothing.
      await decisions.pause();
      const worker = redis.track(new Worker(QUEUES.decisions, async () => undefined, redis.bullmq));
      await worker.waitUntilReady();

      await vi.waitFor(
        async () => {
          const samples = await scrape();
          expect(sampleValue(samples, "bullmq_queue_workers", { queue: QUEUES.decisions })).toBe(1);
        },
        { timeout: 10_000, interval: 100 },
      );
      const samples = await scrape();
      const age = (queue: string) =>
        sampleValue(samples, "bullmq_queue_oldest_waiting_age_seconds", { queue });
      expect(age(QUEUES.maintenance)).toBeGreaterThanOrEqual(300);
      expect(age(QUEUES.maintenance)).toBeLessThan(330);
      expect(age(QUEUES.decisions)).toBeGreaterThanOrEqual(90);
      expect(age(QUEUES.decisions)).toBeLessThan(120);
      expect(sampleValue(samples, "bullmq_queue_workers", { queue: QUEUES.maintenance })).toBe(0);

      // The worker goes away: the next scrape sees no consumer.
      await worker.close();
      await vi.waitFor(
        async () =>
          expect(sampleValue(await scrape(), "bullmq_queue_workers", { queue: QUEUES.decisions })).toBe(0),
        { timeout: 10_000, interval: 100 },
      );
    },
  );
});

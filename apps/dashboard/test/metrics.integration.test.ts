import { QUEUES } from "@routing/jobs";
import { Queue, Worker } from "bullmq";
import { describe, expect, vi } from "vitest";
import { REPORTED_JOB_STATES } from "../src/metrics/queue-metrics.js";
import { dashboardTest } from "./dashboard-fixture.js";
import { parseMetrics, sampleValue } from "./metrics-text.js";

describe("GET /metrics: BullMQ gauges read from Redis at scrape time", () => {
  dashboardTest(
    "shows waiting, prioritized and failed jobs, a paused queue and the rate-limit pause",
    async ({ redis, dashboard }) => {
      const decisions = redis.track(new Queue(QUEUES.decisions, redis.bullmq));
      const maintenance = redis.track(new Queue(QUEUES.maintenance, redis.bullmq));

      // Two decision jobs fail for good (attempts 1) under a real worker, stopped before the scrape.
      await decisions.addBulk([
        { name: "conversation.score", data: { n: 1 }, opts: { attempts: 1 } },
        { name: "conversation.score", data: { n: 2 }, opts: { attempts: 1 } },
      ]);
      const worker = redis.track(
        new Worker(
          QUEUES.decisions,
          async () => {
            throw new Error("no agents");
          },
          redis.bullmq,
        ),
      );
      await vi.waitFor(async () => expect(await decisions.getJobCountByTypes("failed")).toBe(2), {
        timeout: 10_000,
        interval: 50,
      });
      await worker.close();

      // Then a backlog: decisions carry a priority (catalog), maintenance jobs wait in a paused queue.
      await decisions.add("conversation.score", { n: 3 }, { priority: 1 });
      await decisions.add("conversation.score", { n: 4 }, { priority: 1 });
      await decisions.add("conversation.score", { n: 5 }, { priority: 1 });
      await maintenance.addBulk([1, 2, 3, 4].map((n) => ({ name: "skills.adjust", data: { n } })));
      await maintenance.pause();
      // What a worker does after a Genesys 429: a queue-wide pause until Retry-After has passed.
      await decisions.rateLimit(60_000);

      const answer = await dashboard.request("/metrics", { auth: false });
      expect(answer.status).toBe(200);
      expect(answer.headers.get("content-type")).toMatch(/^text\/plain/);
      const samples = parseMetrics(await answer.text());

      const jobs = (queue: string, state: string) =>
        sampleValue(samples, "bullmq_queue_jobs", { queue, state });
      expect(jobs(QUEUES.decisions, "failed")).toBe(2);
      expect(jobs(QUEUES.decisions, "prioritized")).toBe(3);
      expect(jobs(QUEUES.decisions, "waiting")).toBe(0);
      expect(jobs(QUEUES.maintenance, "waiting")).toBe(4);
      expect(jobs(QUEUES.maintenance, "failed")).toBe(0);
      for (const state of REPORTED_JOB_STATES) {
        expect(samples.some((s) => s.name === "bullmq_queue_jobs" && s.labels.state === state)).toBe(true);
      }

      expect(sampleValue(samples, "bullmq_queue_paused", { queue: QUEUES.maintenance })).toBe(1);
      expect(sampleValue(samples, "bullmq_queue_paused", { queue: QUEUES.decisions })).toBe(0);

      const ttl = sampleValue(samples, "bullmq_queue_rate_limit_ttl_seconds", { queue: QUEUES.decisions });
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60);
      expect(sampleValue(samples, "bullmq_queue_rate_limit_ttl_seconds", { queue: QUEUES.maintenance })).toBe(
        0,
      );
      expect(sampleValue(samples, "bullmq_queue_metrics_up")).toBe(1);

      // Process metrics come from the same registry, labelled with the service.
      expect(
        sampleValue(samples, "process_cpu_user_seconds_total", { service: "dashboard" }),
      ).toBeGreaterThan(0);

      // Resuming is seen by the next scrape: nothing is cached between scrapes.
      await maintenance.resume();
      const after = parseMetrics(await (await dashboard.request("/metrics", { auth: false })).text());
      expect(sampleValue(after, "bullmq_queue_paused", { queue: QUEUES.maintenance })).toBe(0);
    },
  );

  dashboardTest("counts requests by route template, never by concrete id", async ({ dashboard }) => {
    const id = "9b1d7c2e-0000-4000-8000-000000000001";
    expect((await dashboard.request(`/api/simulations/${id}`)).status).toBe(404);
    const text = await (await dashboard.request("/metrics", { auth: false })).text();
    expect(text).toContain('route="/api/simulations/:id"');
    expect(text).not.toContain(id);
  });
});

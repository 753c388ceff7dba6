import { JOB_CATALOG, QUEUES } from "@routing/jobs";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createWorkerMetrics, JOB_ATTEMPT_RESULTS, SCORING_OUTCOMES } from "../src/metrics.js";

async function series(registry: Registry, name: string) {
  return (await registry.getSingleMetric(name)?.get())?.values ?? [];
}

describe("worker metrics", () => {
  it("start every known label combination at 0, so the first failure or pause shows in increase()", async () => {
    const registry = new Registry();
    createWorkerMetrics(registry);
    const processed = await series(registry, "worker_jobs_processed_total");
    expect(processed).toHaveLength(Object.keys(JOB_CATALOG).length * JOB_ATTEMPT_RESULTS.length);
    expect(processed.every((sample) => sample.value === 0)).toBe(true);
    expect(processed).toContainEqual(
      expect.objectContaining({
        labels: { queue: QUEUES.decisions, name: "conversation.score", outcome: "unrecoverable" },
      }),
    );
    expect((await series(registry, "worker_queue_pauses_total")).map((s) => s.labels.queue).sort()).toEqual(
      Object.values(QUEUES).sort(),
    );
    expect((await series(registry, "worker_scoring_outcomes_total")).map((s) => s.labels.outcome)).toEqual([
      ...SCORING_OUTCOMES,
    ]);
  });

  it("count scoring outcomes from conversation.score statuses only, unknown statuses as other", async () => {
    const registry = new Registry();
    const metrics = createWorkerMetrics(registry);
    metrics.countOutcome("conversation.score", "scored");
    metrics.countOutcome("conversation.score", "scored");
    metrics.countOutcome("conversation.score", "no-eligible-agent");
    metrics.countOutcome("conversation.score", "conversation-gone");
    metrics.countOutcome("conversation.score", "something-new");
    metrics.countOutcome("assignment.check", "approved");
    const counts = Object.fromEntries(
      (await series(registry, "worker_scoring_outcomes_total")).map((s) => [s.labels.outcome, s.value]),
    );
    expect(counts).toEqual({ scored: 2, "no-eligible-agent": 1, "conversation-gone": 1, other: 1 });
  });

  it("names the job label job_name: Prometheus owns `job` (the scrape job)", async () => {
    const registry = new Registry();
    createWorkerMetrics(registry);
    const text = await registry.metrics();
    expect(text).not.toMatch(/[{,]job="/);
    expect(registry.getSingleMetric("worker_recovered_jobs_total")).toBeDefined();
    expect(text).toMatch(/# HELP worker_recovered_jobs_total .*job name/);
  });
});

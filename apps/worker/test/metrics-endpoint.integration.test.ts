import { QUEUES } from "@routing/jobs";
import { describe, expect } from "vitest";
import { firstQueue } from "./support/emulator-agents.js";
import { createWorkerTest, waitForFinished } from "./support/worker-harness.js";

const test = createWorkerTest({ clock: "manual", contactCentre: { arrivalsPerMinute: 0 } });

describe("the worker's HTTP surface", () => {
  test("GET /metrics serves the job, decision and Genesys request series; /healthz reports the workers", async ({
    emulator,
    harness,
  }) => {
    const started = await harness.startWorker();
    const base = `http://127.0.0.1:${started.metricsPort}`;
    const queue = firstQueue(emulator.control.snapshot());
    const job = await harness.add("conversation.score", {
      conversationId: emulator.control.createConversation({ queueId: queue.id }),
      queueId: queue.id,
      mediaType: "call",
      observedAtMs: emulator.control.now(),
    });
    await waitForFinished(harness.queue(QUEUES.decisions), job.id ?? "");

    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get("content-type")).toContain("text/plain");
    const text = await metrics.text();
    expect(text).toMatch(
      /worker_jobs_processed_total\{queue="routing-decisions",name="conversation\.score",outcome="completed"[^}]*\} 1/,
    );
    expect(text).toMatch(/worker_job_duration_seconds_count\{[^}]*name="conversation\.score"[^}]*\} 1/);
    expect(text).toMatch(
      /genesys_requests_total\{method="PATCH",path="\/api\/v2\/routing\/conversations\/\{conversationId\}",status="200"/,
    );
    for (const name of [
      "worker_queue_pauses_total",
      "worker_assignment_rejections_total",
      "worker_handoffs_total",
      "worker_handoff_transfers_skipped_total",
      "worker_skill_adjustments_total",
      "worker_notification_recoveries_total",
      "worker_recovered_jobs_total",
    ]) {
      expect(text).toContain(`# TYPE ${name} counter`);
    }
    expect(text).not.toContain("emulator-client-secret");

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({
      status: "ok",
      checks: {
        redis: { status: "ok" },
        [QUEUES.decisions]: { status: "ok", state: "running" },
        [QUEUES.maintenance]: { status: "ok", state: "running" },
      },
    });
  });

  test("unknown routes and methods answer JSON errors; the server is gone after close", async ({
    harness,
  }) => {
    const started = await harness.startWorker();
    const base = `http://127.0.0.1:${started.metricsPort}`;

    const missing = await fetch(`${base}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: "not-found", field: null, message: "no route GET /nope" },
    });
    const wrongMethod = await fetch(`${base}/metrics`, { method: "POST" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET, HEAD");
    expect(await wrongMethod.json()).toMatchObject({ error: { code: "method-not-allowed", field: null } });

    await started.close();
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});

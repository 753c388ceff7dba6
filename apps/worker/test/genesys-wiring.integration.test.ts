import { JOB_CATALOG, QUEUES } from "@routing/jobs";
import { describe, expect } from "vitest";
import { firstQueue } from "./support/emulator-agents.js";
import { sumMetric } from "./support/metrics.js";
import { createWorkerTest, waitFor, waitForFinished } from "./support/worker-harness.js";

// Real clock; the emulator neither routes nor answers on its own: conversations stay as the test leaves them.
const test = createWorkerTest({
  contactCentre: { arrivalsPerMinute: 0, routingDelayMs: 600_000, meanAnswerDelayMs: 600_000 },
});

const PATCH_ROUTING = { method: "PATCH", path: "/api/v2/routing/conversations/{conversationId}" };

describe("the worker's Genesys client, as main.ts wires it", () => {
  test("exports the client's series: requests by lane and result, token requests, circuits, limits", async ({
    emulator,
    harness,
  }) => {
    const started = await harness.startWorker();
    const registry = started.dependencies.registry;
    // Zero-initialised before any call: the first increase after a start is visible.
    expect(await sumMetric([registry], "genesys_circuit_open", PATCH_ROUTING)).toBe(0);
    expect(
      await sumMetric([registry], "genesys_lane_requests_total", {
        lane: "recovery",
        result: "rate-limited",
      }),
    ).toBe(0);

    const queue = firstQueue(emulator.control.snapshot());
    const score = await harness.add("conversation.score", {
      conversationId: emulator.control.createConversation({ queueId: queue.id, mediaType: "call" }),
      queueId: queue.id,
      mediaType: "call",
      observedAtMs: Date.now(),
    });
    expect(await (await waitForFinished(harness.queue(QUEUES.decisions), score.id ?? "")).getState()).toBe(
      "completed",
    );
    const recover = await harness.add("notifications.recover", {
      topics: [`v2.routing.queues.${queue.id}.conversations`],
      fromMs: Date.now() - 30_000,
      toMs: Date.now(),
      reason: "socket-dropped",
    });
    expect(
      await (await waitForFinished(harness.queue(QUEUES.maintenance), recover.id ?? "", 30_000)).getState(),
    ).toBe("completed");

    const sum = (name: string, labels: Record<string, string>) => sumMetric([registry], name, labels);
    // The routing write on the decisions' lane; the analytics detail query of the gap on recovery's.
    expect(await sum("genesys_requests_total", { ...PATCH_ROUTING, lane: "decision", status: "200" })).toBe(
      1,
    );
    expect(
      await sum("genesys_requests_total", {
        method: "POST",
        path: "/api/v2/analytics/conversations/details/query",
        lane: "recovery",
      }),
    ).toBeGreaterThan(0);
    expect(
      await sum("genesys_requests_total", {
        method: "POST",
        path: "/api/v2/analytics/conversations/details/query",
        lane: "decision",
      }),
    ).toBe(0);
    expect(await sum("genesys_lane_requests_total", { lane: "decision", result: "success" })).toBeGreaterThan(
      0,
    );
    expect(await sum("genesys_lane_requests_total", { lane: "recovery", result: "success" })).toBeGreaterThan(
      0,
    );
    expect(await sum("genesys_token_requests_total", { result: "success" })).toBe(1);
    expect(await sum("genesys_circuit_open", PATCH_ROUTING)).toBe(0);
    // The emulator sends Genesys' inin-ratelimit-allowed; the budget keeps to the lower of it and the limit.
    const allowed = await sum("genesys_ratelimit_allowed", {});
    expect(allowed).toBeGreaterThan(0);
    expect(await sum("genesys_budget_effective_limit", {})).toBe(Math.min(300, allowed));
  });

  test("a job whose endpoint's circuit opened waits for the cool-down (delayed), never fails", async ({
    emulator,
    harness,
  }) => {
    const queue = firstQueue(emulator.control.snapshot());
    const conversationId = emulator.control.createConversation({ queueId: queue.id, mediaType: "call" });
    // Genesys keeps failing the routing write: 5 failed attempts in a row open the PATCH's circuit.
    emulator.control.injectFaults({
      status: 503,
      times: 1_000,
      method: "PATCH",
      pathPrefix: "/api/v2/routing",
    });
    const started = await harness.startWorker();
    const registry = started.dependencies.registry;
    const job = await harness.add("conversation.score", {
      conversationId,
      queueId: queue.id,
      mediaType: "call",
      observedAtMs: Date.now(),
    });
    const decisions = harness.queue(QUEUES.decisions);
    await waitFor(
      async () =>
        (await sumMetric([registry], "worker_jobs_processed_total", { outcome: "delayed" })) > 0
          ? true
          : undefined,
      "a delayed attempt",
      15_000,
    );
    const delayed = await decisions.getJob(job.id ?? "");
    expect(await delayed?.getState()).toBe("delayed");
    // Attempts were spent on the 503s only; the circuit-open attempt spent none, and plenty are left.
    expect(delayed?.attemptsMade).toBeLessThan(JOB_CATALOG["conversation.score"].attempts);
    expect(delayed?.failedReason ?? "").not.toContain("circuit");
    // Until the end of the 30 s cool-down, give or take the time it took to open.
    const waitMs = (delayed?.delay ?? 0) + (delayed?.timestamp ?? 0) - Date.now();
    expect(delayed?.delay).toBeGreaterThan(20_000);
    expect(waitMs).toBeLessThanOrEqual(30_000);
    expect(await sumMetric([registry], "genesys_circuit_open", PATCH_ROUTING)).toBe(1);
    expect(await sumMetric([registry], "genesys_circuit_rejections_total", { lane: "decision" })).toBe(1);
    expect(await sumMetric([registry], "worker_jobs_processed_total", { outcome: "unrecoverable" })).toBe(0);
    // No request went out for the rejected call: the emulator saw only the failing attempts.
    const patches = emulator.control.requestLog().filter((entry) => entry.method === "PATCH");
    expect(patches.length).toBe(5);
  });
});

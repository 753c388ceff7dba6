import { createGenesysClient } from "@routing/genesys-client";
import { QUEUES } from "@routing/jobs";
import { EMULATOR_DEFAULTS } from "@routing/service-kit";
import { describe, expect } from "vitest";
import { firstQueue } from "./support/emulator-agents.js";
import { sumMetric } from "./support/metrics.js";
import { createWorkerTest, waitForFinished } from "./support/worker-harness.js";

const HISTORY_MS = 4 * 60 * 60 * 1000;

// A manual clock moved through four hours of traffic, so the emulator's analytics have history to judge.
const test = createWorkerTest({ clock: "manual", contactCentre: { arrivalsPerMinute: 6 } });

interface ListedAdjustment {
  userId: string;
  skillId: string;
  from: number;
  to: number;
  target: number;
  alert: boolean;
}

describe("skills.adjust against the emulator's analytics", () => {
  test("a dry run writes nothing; a live run writes each agent once (even across a 429 half-way) and alerts the supervisor", async ({
    emulator,
    harness,
  }) => {
    const startMs = emulator.control.now();
    await emulator.control.advance(HISTORY_MS);
    const before = emulator.control.snapshot();
    const queue = firstQueue(before);
    const supervisorId = before.agents.at(-1)?.id ?? "";
    const started = await harness.startWorker({
      WORKER_SKILL_ADJUSTMENT_TARGETS: `${queue.id}:${queue.primarySkillId}`,
      WORKER_SUPERVISOR_USER_IDS: supervisorId,
    });
    const maintenance = harness.queue(QUEUES.maintenance);
    const interval = { queueId: queue.id, intervalStartMs: startMs, intervalEndMs: startMs + HISTORY_MS };

    const dryJob = await harness.add("skills.adjust", { ...interval, dryRun: true });
    const dry = await waitForFinished(maintenance, dryJob.id ?? "");
    expect(await dry.getState()).toBe("completed");
    const dryAdjustments = (dry.returnvalue as { adjustments: ListedAdjustment[] }).adjustments;
    expect(dry.returnvalue).toMatchObject({ status: "dry-run", alertsSent: 0 });
    expect(dryAdjustments.length).toBeGreaterThanOrEqual(2);
    // Only the two read-only analytics queries (POSTs) were sent: no skill write, no chat.
    expect(
      emulator.control
        .writeLog()
        .filter((entry) => entry.path.startsWith("/api/") && !entry.path.startsWith("/api/v2/analytics/")),
    ).toEqual([]);

    // Move the first agent far from its target so the live run wants a large change (an alert, a capped
    // step), and let the next agent's write meet a 429, so the job is retried after the first was written.
    const [first, second] = dryAdjustments as [ListedAdjustment, ListedAdjustment];
    const farFromTarget = first.target >= 2.5 ? 0 : 5;
    const setup = createGenesysClient({
      clientId: EMULATOR_DEFAULTS.clientId,
      clientSecret: EMULATOR_DEFAULTS.clientSecret,
      apiBaseUrl: emulator.apiBaseUrl,
      loginBaseUrl: emulator.loginBaseUrl,
    });
    await setup.users.putUserRoutingSkill(first.userId, queue.primarySkillId, farFromTarget);
    emulator.control.clearLogs();
    emulator.control.injectFaults({
      status: 429,
      method: "PATCH",
      pathPrefix: `/api/v2/users/${second.userId}/routingskills/bulk`,
      retryAfterSeconds: 1,
    });

    const liveJob = await harness.add("skills.adjust", { ...interval, dryRun: false });
    const live = await waitForFinished(maintenance, liveJob.id ?? "", 20_000);
    expect(await live.getState()).toBe("completed");
    expect(live.attemptsMade).toBe(1);
    expect(live.attemptsStarted).toBe(2);
    const liveOutcome = live.returnvalue as {
      adjustments: ListedAdjustment[];
      wantedAlerts: number;
      alertsSent: number;
    };
    expect(live.returnvalue).toMatchObject({ status: "adjusted" });

    // Compare-before-write: the live decision started from what the agent held then, and moved one step.
    const moved = liveOutcome.adjustments.find((adjustment) => adjustment.userId === first.userId);
    expect(moved).toMatchObject({ from: farFromTarget, to: farFromTarget === 0 ? 0.5 : 4.5, alert: true });

    const bulkWrites = emulator.control
      .writeLog()
      .filter((entry) => entry.method === "PATCH" && entry.path.endsWith("/routingskills/bulk"));
    const written = bulkWrites.filter((entry) => entry.status === 200);
    expect(written.map((entry) => entry.path).sort()).toEqual(
      liveOutcome.adjustments
        .map((adjustment) => `/api/v2/users/${adjustment.userId}/routingskills/bulk`)
        .sort(),
    );
    expect(bulkWrites.filter((entry) => entry.status === 429)).toHaveLength(1);
    const after = emulator.control.snapshot();
    for (const adjustment of liveOutcome.adjustments) {
      const agent = after.agents.find((candidate) => candidate.id === adjustment.userId);
      expect(agent?.skills.find((skill) => skill.id === adjustment.skillId)?.proficiency).toBe(adjustment.to);
    }

    const alerts = after.chatMessages.filter((message) => message.userId === supervisorId);
    expect(liveOutcome.wantedAlerts).toBeGreaterThanOrEqual(1);
    expect(liveOutcome.alertsSent).toBe(liveOutcome.wantedAlerts);
    expect(alerts).toHaveLength(liveOutcome.wantedAlerts);
    expect(alerts.map((alert) => alert.message).join("\n")).toContain(first.userId);

    // Each decided change counted once, the replayed agent included; the audit log is the other record.
    const registry = started.dependencies.registry;
    expect(await sumMetric([registry], "worker_skill_adjustments_total", { mode: "dry-run" })).toBe(
      dryAdjustments.length,
    );
    expect(await sumMetric([registry], "worker_skill_adjustments_total", { mode: "live" })).toBe(
      liveOutcome.adjustments.length,
    );
  });

  test("a job for a queue without a configured skill fails for good, naming the variable", async ({
    emulator,
    harness,
  }) => {
    await harness.startWorker();
    const queue = firstQueue(emulator.control.snapshot());
    const job = await harness.add("skills.adjust", {
      queueId: queue.id,
      intervalStartMs: emulator.control.now() - HISTORY_MS,
      intervalEndMs: emulator.control.now(),
    });
    const finished = await waitForFinished(harness.queue(QUEUES.maintenance), job.id ?? "");
    expect(await finished.getState()).toBe("failed");
    expect(finished.attemptsMade).toBe(1);
    expect(finished.failedReason).toContain("WORKER_SKILL_ADJUSTMENT_TARGETS");
    expect(emulator.control.requestLog()).toEqual([]);
  });
});

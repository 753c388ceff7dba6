import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyWebhookSignature } from "@routing/alert-channels";
import { createGenesysClient } from "@routing/genesys-client";
import { QUEUES } from "@routing/jobs";
import { EMULATOR_DEFAULTS } from "@routing/service-kit";
import { afterEach, describe, expect } from "vitest";
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

const ALERT_SECRET = "skills-adjust-test-alert-secret-0123456789";

interface ReceivedAlert {
  readonly headers: IncomingHttpHeaders;
  readonly raw: Buffer;
}

const receivers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    receivers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  );
});

/** A supervisors' webhook receiver on this machine (what Slack, Teams or an on-call tool would be). */
async function alertReceiver(): Promise<{ url: string; received: ReceivedAlert[] }> {
  const received: ReceivedAlert[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, raw: Buffer.concat(chunks) });
      response.writeHead(200).end("ok");
    });
  });
  receivers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`, received };
}

describe("skills.adjust against the emulator's analytics", () => {
  test("a dry run writes nothing; a live run writes each agent once (even across a 429 half-way) and alerts the supervisors' webhook, signed", async ({
    emulator,
    harness,
  }) => {
    const startMs = emulator.control.now();
    await emulator.control.advance(HISTORY_MS);
    const before = emulator.control.snapshot();
    const queue = firstQueue(before);
    const receiver = await alertReceiver();
    const started = await harness.startWorker({
      WORKER_SKILL_ADJUSTMENT_TARGETS: `${queue.id}:${queue.primarySkillId}`,
      WORKER_ALERT_WEBHOOK_URL: receiver.url,
      WORKER_ALERT_WEBHOOK_SECRET: ALERT_SECRET,
    });
    const maintenance = harness.queue(QUEUES.maintenance);
    const interval = { queueId: queue.id, intervalStartMs: startMs, intervalEndMs: startMs + HISTORY_MS };

    const dryJob = await harness.add("skills.adjust", { ...interval, dryRun: true });
    const dry = await waitForFinished(maintenance, dryJob.id ?? "");
    expect(await dry.getState()).toBe("completed");
    const dryAdjustments = (dry.returnvalue as { adjustments: ListedAdjustment[] }).adjustments;
    expect(dry.returnvalue).toMatchObject({ status: "dry-run", alertsSent: 0 });
    expect(dryAdjustments.length).toBeGreaterThanOrEqual(2);
    expect(receiver.received).toEqual([]);
    // Only the two read-only analytics queries (POSTs) were sent: no skill write, no alert.
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

    // Fails on the code before the alert channel: it sent a Genesys user chat, which a client-credentials
    // token cannot send (no user behind it), and nothing reached a webhook.
    expect(liveOutcome.wantedAlerts).toBeGreaterThanOrEqual(1);
    expect(liveOutcome.alertsSent).toBe(liveOutcome.wantedAlerts);
    expect(receiver.received).toHaveLength(liveOutcome.wantedAlerts);
    for (const alert of receiver.received) {
      expect(
        verifyWebhookSignature(ALERT_SECRET, alert.raw, alert.headers["x-signature-256"] as string),
      ).toBe(true);
    }
    const bodies = receiver.received.map((alert) => JSON.parse(alert.raw.toString("utf8")));
    expect(bodies.map((body) => body.text).join("\n")).toContain(first.userId);
    expect(bodies.find((body) => body.alert.details.userId === first.userId)?.alert).toMatchObject({
      kind: "skill-adjustment",
      id: expect.stringContaining(`${queue.id}:${first.userId}:${queue.primarySkillId}`),
      details: { from: farFromTarget, to: farFromTarget === 0 ? 0.5 : 4.5 },
    });
    expect(emulator.control.writeLog().filter((entry) => entry.path.startsWith("/api/v2/chats"))).toEqual([]);

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

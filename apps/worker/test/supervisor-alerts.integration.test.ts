/**
 * Supervisor alerts through the alert channel, with real parts: the emulator for member names, the
 * adjustment ledger in Redis, and a webhook receiver on this machine that accepts, refuses or fails.
 */

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PassThrough } from "node:stream";
import { AlertDeliveryError, createWebhookAlertChannel } from "@routing/alert-channels";
import { createGenesysClient } from "@routing/genesys-client";
import { createHandoffSessions } from "@routing/handoff-sessions";
import { createLogger, EMULATOR_DEFAULTS } from "@routing/service-kit";
import { createRunStore } from "@routing/skill-adjustment-runs";
import { Registry } from "prom-client";
import { afterEach, describe, expect } from "vitest";
import { UNRECORDED_DECISION } from "../src/decision-record/job-decision.js";
import { parseWorkerEnv } from "../src/env.js";
import type { HandlerContext } from "../src/handler-context.js";
import { createJobEnqueuer } from "../src/job-enqueuer.js";
import { createWorkerMetrics } from "../src/metrics.js";
import { buildWorkerPolicy } from "../src/policy.js";
import { createQueueConfigurations } from "../src/queue-config/queue-configuration.js";
import { createPageBudget } from "../src/roster/page-budget.js";
import { createWorkerRoster } from "../src/roster/worker-roster.js";
import { createQueueServiceLevels } from "../src/service-level/queue-service-levels.js";
import { createAdjustmentLedger } from "../src/skill-adjustment/adjustment-ledger.js";
import { type AlertableAdjustment, sendSupervisorAlerts } from "../src/skill-adjustment/supervisor-alerts.js";
import { createWriteJournal, jobWrites } from "../src/write-journal.js";
import { firstQueue } from "./support/emulator-agents.js";
import { sumMetric } from "./support/metrics.js";
import { createWorkerTest } from "./support/worker-harness.js";

const test = createWorkerTest({ contactCentre: { arrivalsPerMinute: 0 } });
const SECRET = "supervisor-alerts-test-secret-0123456789ab";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  );
});

/** Answers every request with `status`, counting them. */
async function receiver(status: number): Promise<{ url: string; count: () => number }> {
  let count = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      count++;
      response.writeHead(status).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, count: () => count };
}

describe("sendSupervisorAlerts", () => {
  test("delivers each alert once per job, counts a refused one as failed, fails the job on a receiver that keeps failing, and logs no secret", async ({
    emulator,
    redis,
  }) => {
    const queue = firstQueue(emulator.control.snapshot());
    const userIds = queue.memberIds.slice(0, 2);
    const alertable: AlertableAdjustment[] = userIds.map((userId) => ({
      queueId: queue.id,
      userId,
      adjustment: {
        skillId: queue.primarySkillId,
        skillName: "Billing",
        from: 4.5,
        to: 4,
        target: 2,
        clamped: true,
        alert: true,
        reason: "large change",
      },
    }));
    const lines: string[] = [];
    const destination = new PassThrough();
    destination.on("data", (chunk: Buffer) => lines.push(chunk.toString("utf8")));
    const registry = new Registry();
    const metrics = createWorkerMetrics(registry);
    const genesys = createGenesysClient({
      clientId: EMULATOR_DEFAULTS.clientId,
      clientSecret: EMULATOR_DEFAULTS.clientSecret,
      apiBaseUrl: emulator.apiBaseUrl,
      loginBaseUrl: emulator.loginBaseUrl,
    });
    const roster = createWorkerRoster({
      redis: redis.connection,
      prefix: redis.prefix,
      registry,
      rateLimit: { limit: 300, windowMs: 60_000 },
      config: parseWorkerEnv({}).roster,
      now: Date.now,
    });
    const context = (url: string, jobId: string): HandlerContext => ({
      genesys,
      queueConfigurations: createQueueConfigurations(genesys),
      roster,
      writes: jobWrites(createWriteJournal({ redis: redis.connection, keyPrefix: redis.prefix }), jobId),
      decision: UNRECORDED_DECISION,
      policy: buildWorkerPolicy(parseWorkerEnv({})),
      handoffSessions: createHandoffSessions(redis.connection, { keyPrefix: redis.prefix }),
      alerts: createWebhookAlertChannel({ url, secret: SECRET, attempts: 2, retryBaseDelayMs: 10 }),
      adjustmentLedger: createAdjustmentLedger(redis.connection, { keyPrefix: redis.prefix, ttlMs: 60_000 }),
      csat: {
        windowMs: 60_000,
        minResponses: 1,
        budget: createPageBudget(redis.connection, `${redis.prefix}:csat`, 1, 60_000),
      },
      serviceLevel: {
        windowMs: 60_000,
        budget: createPageBudget(redis.connection, `${redis.prefix}:service-level`, 1, 60_000),
      },
      serviceLevels: createQueueServiceLevels({
        redis: redis.connection,
        keyPrefix: redis.prefix,
        ttlMs: 60_000,
      }),
      adjustmentRuns: createRunStore(redis.connection, { prefix: redis.prefix }),
      skillAdjustmentSchedule: { mode: "off", windowMs: 60_000 },
      metrics,
      jobs: createJobEnqueuer(new Map()),
      logger: createLogger({ service: "worker", level: "debug", destination }),
      job: { id: jobId, queueName: "routing-maintenance" },
      nowMs: () => emulator.control.now(),
      signal: undefined,
    });

    const accepting = await receiver(200);
    expect(await sendSupervisorAlerts(alertable, context(accepting.url, "job-1"))).toEqual({
      sent: 2,
      failed: 0,
    });
    // A retried job sends only what is missing: nothing.
    expect(await sendSupervisorAlerts(alertable, context(accepting.url, "job-1"))).toEqual({
      sent: 0,
      failed: 0,
    });
    expect(accepting.count()).toBe(2);

    const refusing = await receiver(410);
    expect(await sendSupervisorAlerts(alertable, context(refusing.url, "job-2"))).toEqual({
      sent: 0,
      failed: 2,
    });
    expect(refusing.count()).toBe(2);

    const failing = await receiver(503);
    await expect(sendSupervisorAlerts(alertable, context(failing.url, "job-3"))).rejects.toBeInstanceOf(
      AlertDeliveryError,
    );
    expect(failing.count()).toBe(2);

    expect(await sumMetric([registry], "worker_supervisor_alerts_total", { result: "sent" })).toBe(2);
    expect(await sumMetric([registry], "worker_supervisor_alerts_total", { result: "failed" })).toBe(2);
    expect(lines.join("")).not.toContain(SECRET);
  });

  test("without an alert channel, alerts are counted and logged, not delivered", async ({
    emulator,
    redis,
  }) => {
    const registry = new Registry();
    const context = {
      alerts: undefined,
      metrics: createWorkerMetrics(registry),
      logger: createLogger({ service: "worker", level: "silent" }),
    } as unknown as HandlerContext;
    const queue = firstQueue(emulator.control.snapshot());
    const result = await sendSupervisorAlerts(
      [
        {
          queueId: queue.id,
          userId: queue.memberIds[0] ?? "",
          adjustment: {
            skillId: queue.primarySkillId,
            skillName: null,
            from: 1,
            to: 1.5,
            target: 4,
            clamped: true,
            alert: true,
            reason: "x",
          },
        },
      ],
      context,
    );
    expect(result).toEqual({ sent: 0, failed: 0 });
    expect(await sumMetric([registry], "worker_supervisor_alerts_total", { result: "no-channel" })).toBe(1);
    expect(await redis.keys()).toEqual([]);
  });
});

import { DEFAULT_ASSIGNMENT_THRESHOLDS, DEFAULT_HANDOFF_OPTIONS } from "@routing/core";
import { EnvError } from "@routing/service-kit";
import { describe, expect, it } from "vitest";
import { DEVELOPMENT_ALERT_WEBHOOK_SECRET, parseWorkerEnv } from "../src/env.js";

const QUEUE = "1c8d2e8f-4a5b-4c6d-8e7f-8091a2b3c4d5";
const SKILL = "4fb051b2-7d8e-4f90-b1a2-b3c4d5e6f708";
const OTHER_SKILL = "5ac162c3-8e9f-4a01-b2b3-c4d5e6f70819";
const USER = "2d9e3f90-5b6c-4d7e-9f80-91a2b3c4d5e6";

function variableOf(env: Record<string, string>): string {
  try {
    parseWorkerEnv(env);
  } catch (error) {
    if (error instanceof EnvError) return error.variable;
    throw error;
  }
  throw new Error("expected an EnvError");
}

describe("parseWorkerEnv", () => {
  it("runs on defaults: the local emulator, core's thresholds, the documented ports and concurrency", () => {
    const config = parseWorkerEnv({});
    expect(config).toMatchObject({
      redisUrl: "redis://127.0.0.1:6379",
      bullmqPrefix: "routing",
      metrics: { port: 9102, host: "0.0.0.0" },
      concurrency: { decisions: 20, maintenance: 2 },
      alertWebhook: undefined,
      handoff: {
        queueId: undefined,
        skillIds: [],
        confidenceThreshold: DEFAULT_HANDOFF_OPTIONS.confidenceThreshold,
        stateTtlMs: 24 * 60 * 60 * 1000,
      },
      assignmentThreshold: DEFAULT_ASSIGNMENT_THRESHOLDS.defaultThreshold,
      queueConfigurationTtlMs: 300_000,
      genesysRateLimit: { limit: 300, windowMs: 60_000 },
      genesys: { kind: "emulator", apiBaseUrl: "http://127.0.0.1:4010" },
    });
    expect(config.skillAdjustmentTargets.size).toBe(0);
  });

  it("re-runs a dead worker's decisions within seconds by default; the lock settings are checked", () => {
    expect(parseWorkerEnv({}).decisionsStall).toEqual({
      lockDurationMs: 5_000,
      stalledIntervalMs: 2_500,
      maxStalledCount: 2,
    });
    expect(
      parseWorkerEnv({
        WORKER_DECISIONS_LOCK_MS: "8000",
        WORKER_DECISIONS_STALLED_INTERVAL_MS: "4000",
        WORKER_DECISIONS_MAX_STALLED_COUNT: "1",
      }).decisionsStall,
    ).toEqual({ lockDurationMs: 8_000, stalledIntervalMs: 4_000, maxStalledCount: 1 });
    expect(variableOf({ WORKER_DECISIONS_LOCK_MS: "200" })).toBe("WORKER_DECISIONS_LOCK_MS");
    expect(variableOf({ WORKER_DECISIONS_STALLED_INTERVAL_MS: "9000" })).toBe(
      "WORKER_DECISIONS_STALLED_INTERVAL_MS",
    );
  });

  it("spaces reconciliations from 60 s up to 10 min by default; the cap may not be below the interval", () => {
    expect(parseWorkerEnv({}).roster).toMatchObject({
      reconcileIntervalMs: 60_000,
      reconcileMaxIntervalMs: 600_000,
      maxConfirmedAgeMs: 1_800_000,
    });
    expect(
      variableOf({
        WORKER_ROSTER_RECONCILE_INTERVAL_SECONDS: "120",
        WORKER_ROSTER_RECONCILE_MAX_INTERVAL_SECONDS: "60",
      }),
    ).toBe("WORKER_ROSTER_RECONCILE_MAX_INTERVAL_SECONDS");
  });

  it("reads lists and the queue-to-skill targets", () => {
    const config = parseWorkerEnv({
      WORKER_HANDOFF_SKILL_IDS: ` ${SKILL} ,${OTHER_SKILL}`,
      WORKER_HANDOFF_QUEUE_ID: QUEUE,
      WORKER_SKILL_ADJUSTMENT_TARGETS: `${QUEUE}:${SKILL}, ${QUEUE}:${OTHER_SKILL}`,
      WORKER_ASSIGNMENT_THRESHOLD: "0.6",
      WORKER_HANDOFF_CONFIDENCE_THRESHOLD: "1",
    });
    expect(config.handoff.skillIds).toEqual([SKILL, OTHER_SKILL]);
    expect(config.handoff.queueId).toBe(QUEUE);
    expect(config.assignmentThreshold).toBe(0.6);
    expect(config.handoff.confidenceThreshold).toBe(1);
    expect([...config.skillAdjustmentTargets]).toEqual([[QUEUE, [SKILL, OTHER_SKILL]]]);
  });

  it.each([
    ["WORKER_METRICS_PORT", "nine"],
    ["WORKER_METRICS_PORT", "70000"],
    ["WORKER_DECISIONS_CONCURRENCY", "0"],
    ["WORKER_MAINTENANCE_CONCURRENCY", "1.5"],
    ["WORKER_HANDOFF_SKILL_IDS", `${SKILL},billing`],
    ["WORKER_ALERT_WEBHOOK_URL", "ftp://alerts.example.com/hook"],
    ["WORKER_ALERT_WEBHOOK_SECRET", "short"],
    ["WORKER_ALERT_WEBHOOK_TIMEOUT_MS", "10"],
    ["WORKER_ALERT_WEBHOOK_ATTEMPTS", "0"],
    ["WORKER_HANDOFF_QUEUE_ID", "support-queue"],
    ["WORKER_HANDOFF_STATE_TTL_SECONDS", "5"],
    ["WORKER_HANDOFF_CONFIDENCE_THRESHOLD", "high"],
    ["WORKER_ASSIGNMENT_THRESHOLD", "1.2"],
    ["WORKER_SKILL_ADJUSTMENT_TARGETS", QUEUE],
    ["WORKER_QUEUE_CONFIG_TTL_SECONDS", "-1"],
    ["WORKER_QUEUE_CONFIG_TTL_SECONDS", "five minutes"],
    ["WORKER_DECISION_LOG_TTL_SECONDS", "10"],
    ["WORKER_DECISION_LOG_MAX_ENTRIES", "0"],
    ["WORKER_DECISION_LOG_MAX_PER_CONVERSATION", "many"],
    ["WORKER_SHADOW_QUEUE_IDS", `${QUEUE},support-queue`],
    ["GENESYS_RATE_LIMIT", "0"],
    ["REDIS_URL", "http://127.0.0.1:6379"],
    ["BULLMQ_PREFIX", "routing:prod"],
  ])("names %s when it is %j", (variable, value) => {
    expect(variableOf({ [variable]: value })).toBe(variable);
  });

  it("reads the decision log's bounds and the shadow queues (any case, as Genesys' lower-case ids)", () => {
    expect(parseWorkerEnv({})).toMatchObject({
      decisionLog: { ttlSeconds: 604_800, maxEntries: 10_000, maxPerConversation: 20 },
      shadowQueueIds: new Set(),
    });
    const config = parseWorkerEnv({
      WORKER_DECISION_LOG_TTL_SECONDS: "3600",
      WORKER_DECISION_LOG_MAX_ENTRIES: "500",
      WORKER_DECISION_LOG_MAX_PER_CONVERSATION: "5",
      WORKER_SHADOW_QUEUE_IDS: ` ${QUEUE.toUpperCase()} , ${USER}`,
    });
    expect(config.decisionLog).toEqual({ ttlSeconds: 3600, maxEntries: 500, maxPerConversation: 5 });
    expect(config.shadowQueueIds).toEqual(new Set([QUEUE, USER]));
  });

  it("never echoes a value: a secret set without its client id names the missing variable only", () => {
    const secret = "s3cr3t-value-that-must-not-leak";
    expect(() => parseWorkerEnv({ GENESYS_CLIENT_SECRET: secret })).toThrow(
      expect.objectContaining({
        variable: "GENESYS_CLIENT_ID",
        message: expect.not.stringContaining(secret),
      }),
    );
  });

  it("refuses production without Genesys credentials instead of falling back to the emulator", () => {
    expect(variableOf({ NODE_ENV: "production" })).toBe("GENESYS_CLIENT_ID");
  });

  it("talks to real Genesys in production when credentials and a region are set", () => {
    const config = parseWorkerEnv({
      NODE_ENV: "production",
      GENESYS_CLIENT_ID: "client-1",
      GENESYS_CLIENT_SECRET: "secret-1",
      GENESYS_REGION: "mypurecloud.ie",
    });
    expect(config.genesys).toEqual({
      kind: "genesys",
      clientId: "client-1",
      clientSecret: "secret-1",
      region: "mypurecloud.ie",
    });
  });

  describe("supervisor alerts", () => {
    const PRODUCTION = {
      NODE_ENV: "production",
      GENESYS_CLIENT_ID: "client-1",
      GENESYS_CLIENT_SECRET: "secret-1",
      GENESYS_REGION: "mypurecloud.ie",
    };
    const URL = "https://hooks.example.com/services/T0/B0/token";
    const STRONG = "a-production-alert-secret-of-40-characters!";

    it("go to the webhook with the documented development secret by default, and with bounded retries", () => {
      expect(parseWorkerEnv({ WORKER_ALERT_WEBHOOK_URL: URL }).alertWebhook).toEqual({
        url: URL,
        secret: DEVELOPMENT_ALERT_WEBHOOK_SECRET,
        secretIsDevelopmentDefault: true,
        timeoutMs: 5_000,
        attempts: 3,
      });
    });

    it("need a secret of their own in production, which is never echoed", () => {
      expect(variableOf({ ...PRODUCTION, WORKER_ALERT_WEBHOOK_URL: URL })).toBe(
        "WORKER_ALERT_WEBHOOK_SECRET",
      );
      expect(
        variableOf({
          ...PRODUCTION,
          WORKER_ALERT_WEBHOOK_URL: URL,
          WORKER_ALERT_WEBHOOK_SECRET: DEVELOPMENT_ALERT_WEBHOOK_SECRET,
        }),
      ).toBe("WORKER_ALERT_WEBHOOK_SECRET");
      const config = parseWorkerEnv({
        ...PRODUCTION,
        WORKER_ALERT_WEBHOOK_URL: URL,
        WORKER_ALERT_WEBHOOK_SECRET: STRONG,
      });
      expect(config.alertWebhook).toMatchObject({ secret: STRONG, secretIsDevelopmentDefault: false });
      expect(() =>
        parseWorkerEnv({ WORKER_ALERT_WEBHOOK_URL: URL, WORKER_ALERT_WEBHOOK_SECRET: "short-one" }),
      ).toThrow(expect.objectContaining({ message: expect.not.stringContaining("short-one") }));
    });

    it("refuse the retired chat variable with a pointer to the webhook (a client-credentials token has no user to chat as)", () => {
      expect(() => parseWorkerEnv({ WORKER_SUPERVISOR_USER_IDS: USER })).toThrow(
        expect.objectContaining({
          variable: "WORKER_SUPERVISOR_USER_IDS",
          message: expect.stringContaining("WORKER_ALERT_WEBHOOK_URL"),
        }),
      );
    });
  });
});

import { MIN_WEBHOOK_SECRET_LENGTH } from "@routing/alert-channels";
import { DEFAULT_ASSIGNMENT_THRESHOLDS, DEFAULT_HANDOFF_OPTIONS } from "@routing/core";
import { DEFAULT_DECISION_LOG_OPTIONS } from "@routing/decision-log";
import {
  commonEnvShape,
  EnvError,
  envInteger,
  envList,
  envPort,
  type GenesysServiceConfig,
  genesysEnvShape,
  genesysServiceConfig,
  isProduction,
  parseEnv,
  rosterEnvShape,
  rosterStaleness,
} from "@routing/service-kit";
import { z } from "zod";
import type { SkillAdjustmentMode } from "./handler-context.js";
import type { StallSettings } from "./queue-worker.js";
import type { WorkerRosterConfig } from "./roster/worker-roster.js";

const UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const UUID = new RegExp(`^${UUID_PATTERN}$`, "i");
const TARGET_PAIR = new RegExp(`^${UUID_PATTERN}:${UUID_PATTERN}$`, "i");

const genesysId = z.string().trim().regex(UUID, "must be a Genesys id (UUID)");

const genesysIdList = envList.pipe(
  z.array(z.string().regex(UUID, "must be a comma-separated list of Genesys ids (UUIDs)")),
);

/** A 0–1 figure such as a threshold, written as a decimal ("0.8"). */
const envUnitInterval = z
  .string()
  .trim()
  .regex(/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/, "must be a number from 0 to 1")
  .transform(Number);

/** `queueId:skillId` pairs: which skill's proficiency a queue's measured performance adjusts. */
const skillAdjustmentTargets = envList.pipe(
  z.array(z.string().regex(TARGET_PAIR, 'must be a comma-separated list of "queueId:skillId" pairs (UUIDs)')),
);

/**
 * Documented so that a development webhook receiver can check signatures out of the box; refused in
 * production, where anyone who read this file could forge alerts.
 */
export const DEVELOPMENT_ALERT_WEBHOOK_SECRET = "development-only-alert-webhook-secret-0123";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The worker's variables: the shared ones from service-kit plus its own. */
export const workerEnvShape = {
  ...commonEnvShape,
  ...genesysEnvShape,
  WORKER_METRICS_PORT: envPort.default(9102),
  // Prometheus (docker compose) scrapes through host.docker.internal, so loopback alone would not do.
  WORKER_METRICS_HOST: z.string().trim().min(1).default("0.0.0.0"),
  WORKER_DECISIONS_CONCURRENCY: envInteger(1, 1_000).default(20),
  WORKER_MAINTENANCE_CONCURRENCY: envInteger(1, 100).default(2),
  /** Supervisor alerts (skill adjustment): a signed JSON webhook, Slack/Teams-compatible. Unset: logged only. */
  WORKER_ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).optional(),
  WORKER_ALERT_WEBHOOK_SECRET: z
    .string()
    .min(MIN_WEBHOOK_SECRET_LENGTH, { message: `must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters` })
    .optional(),
  WORKER_ALERT_WEBHOOK_TIMEOUT_MS: envInteger(100, 60_000).default(5_000),
  WORKER_ALERT_WEBHOOK_ATTEMPTS: envInteger(1, 10).default(3),
  /** Lock of a decision job; renewed every half of it while the job runs. */
  WORKER_DECISIONS_LOCK_MS: envInteger(1_000, 600_000).default(5_000),
  /** How often a live worker looks for decision jobs whose lock expired (their worker died). */
  WORKER_DECISIONS_STALLED_INTERVAL_MS: envInteger(500, 600_000).default(2_500),
  /** Stalls a decision job may survive before it fails for good. */
  WORKER_DECISIONS_MAX_STALLED_COUNT: envInteger(0, 100).default(2),
  WORKER_HANDOFF_QUEUE_ID: genesysId.optional(),
  WORKER_HANDOFF_SKILL_IDS: genesysIdList.default([]),
  WORKER_HANDOFF_STATE_TTL_SECONDS: envInteger(60, 30 * 24 * 60 * 60).default(24 * 60 * 60),
  WORKER_HANDOFF_CONFIDENCE_THRESHOLD: envUnitInterval.default(DEFAULT_HANDOFF_OPTIONS.confidenceThreshold),
  WORKER_ASSIGNMENT_THRESHOLD: envUnitInterval.default(DEFAULT_ASSIGNMENT_THRESHOLDS.defaultThreshold),
  WORKER_SKILL_ADJUSTMENT_TARGETS: skillAdjustmentTargets.default([]),
  WORKER_QUEUE_CONFIG_TTL_SECONDS: envInteger(0, 24 * 60 * 60).default(300),
  WORKER_ROSTER_RECONCILE_INTERVAL_SECONDS: envInteger(5, 24 * 60 * 60).default(60),
  /** The longest the reconciliation interval of a queue grows to while its reconciliations repair nothing. */
  WORKER_ROSTER_RECONCILE_MAX_INTERVAL_SECONDS: envInteger(5, 24 * 60 * 60).default(600),
  WORKER_ROSTER_RECONCILE_BUDGET_SHARE: envUnitInterval.default(0.05),
  WORKER_ROSTER_SKILLS_REFRESH_INTERVAL_SECONDS: envInteger(5, 24 * 60 * 60).default(60),
  WORKER_ROSTER_SKILLS_BUDGET_SHARE: envUnitInterval.default(0.025),
  /** Live CSAT per agent into the roster (survey aggregates, lane maintenance). */
  WORKER_CSAT_REFRESH_INTERVAL_MS: envInteger(5_000, 24 * 60 * 60 * 1000).default(15 * 60 * 1000),
  WORKER_CSAT_WINDOW_DAYS: envInteger(1, 90).default(7),
  WORKER_CSAT_MIN_RESPONSES: envInteger(1, 1_000).default(3),
  WORKER_CSAT_BUDGET_SHARE: envUnitInterval.default(0.01),
  /** Measured service level per followed queue (conversation aggregates, oServiceLevel) for the weights. */
  WORKER_SERVICE_LEVEL_INTERVAL_MS: envInteger(5_000, 24 * 60 * 60 * 1000).default(60_000),
  WORKER_SERVICE_LEVEL_WINDOW_MINUTES: envInteger(5, 24 * 60).default(30),
  WORKER_SERVICE_LEVEL_BUDGET_SHARE: envUnitInterval.default(0.01),
  /** Scheduled skill adjustment: off | auto | approval (default: off in production, approval otherwise). */
  WORKER_SKILL_ADJUSTMENT_MODE: z.enum(["off", "auto", "approval"]).optional(),
  WORKER_SKILL_ADJUSTMENT_INTERVAL_MS: envInteger(60_000, 30 * 24 * 60 * 60 * 1000).default(
    24 * 60 * 60 * 1000,
  ),
  WORKER_SKILL_ADJUSTMENT_WINDOW_DAYS: envInteger(1, 90).default(7),
  /**
   * What a decision does with a stale roster: `refresh` re-reads the queue once per staleness episode (the
   * decision that claims it) and decides on that; `record` decides on the roster as it is and says so.
   */
  WORKER_ROSTER_ON_STALE: z.enum(["refresh", "record"]).default("refresh"),
  ...rosterEnvShape,
  WORKER_DECISION_LOG_TTL_SECONDS: envInteger(60, 90 * 24 * 60 * 60).default(
    DEFAULT_DECISION_LOG_OPTIONS.ttlSeconds,
  ),
  WORKER_DECISION_LOG_MAX_ENTRIES: envInteger(1, 10_000_000).default(DEFAULT_DECISION_LOG_OPTIONS.maxEntries),
  WORKER_DECISION_LOG_MAX_PER_CONVERSATION: envInteger(1, 10_000).default(
    DEFAULT_DECISION_LOG_OPTIONS.maxPerConversation,
  ),
  /** Queues whose decisions are made and logged but never written to Genesys (compared with what it did). */
  WORKER_SHADOW_QUEUE_IDS: genesysIdList.default([]),
};

export interface WorkerConfig extends GenesysServiceConfig {
  readonly metrics: { readonly port: number; readonly host: string };
  readonly concurrency: { readonly decisions: number; readonly maintenance: number };
  /** Where supervisor alerts go; undefined: they are counted and logged, not delivered. */
  readonly alertWebhook:
    | {
        readonly url: string;
        readonly secret: string;
        /** True when the documented development secret is in use (main logs a warning, never the value). */
        readonly secretIsDevelopmentDefault: boolean;
        readonly timeoutMs: number;
        readonly attempts: number;
      }
    | undefined;
  /** How fast a dead worker's decision jobs run again (queue-worker.ts). */
  readonly decisionsStall: StallSettings;
  readonly handoff: {
    /** Where a handed-off bot conversation is transferred; undefined: decide and record only. */
    readonly queueId: string | undefined;
    /** Skills the handed-off conversation asks for in that queue. */
    readonly skillIds: readonly string[];
    readonly confidenceThreshold: number;
    readonly stateTtlMs: number;
  };
  readonly assignmentThreshold: number;
  /** Queue id -> the skill ids its performance adjusts. */
  readonly skillAdjustmentTargets: ReadonlyMap<string, readonly string[]>;
  /** How long a queue's configuration (preferred agent routing rules) is cached. */
  readonly queueConfigurationTtlMs: number;
  readonly roster: WorkerRosterConfig;
  /** The decision log's bounds (`@routing/decision-log`). */
  readonly decisionLog: {
    readonly ttlSeconds: number;
    readonly maxEntries: number;
    readonly maxPerConversation: number;
  };
  /** Queues in shadow mode: decided and logged, nothing written to Genesys. */
  readonly shadowQueueIds: ReadonlySet<string>;
  readonly csat: {
    readonly refreshIntervalMs: number;
    readonly windowMs: number;
    readonly minResponses: number;
    readonly budgetShare: number;
  };
  readonly serviceLevel: {
    readonly intervalMs: number;
    readonly windowMs: number;
    readonly budgetShare: number;
  };
  readonly skillAdjustmentSchedule: {
    readonly mode: SkillAdjustmentMode;
    readonly intervalMs: number;
    readonly windowMs: number;
  };
}

function groupTargets(pairs: readonly string[]): ReadonlyMap<string, readonly string[]> {
  const targets = new Map<string, string[]>();
  for (const pair of pairs) {
    const [queueId = "", skillId = ""] = pair.split(":");
    const skills = targets.get(queueId) ?? [];
    if (!skills.includes(skillId)) skills.push(skillId);
    targets.set(queueId, skills);
  }
  return targets;
}

function alertWebhook(parsed: z.output<z.ZodObject<typeof workerEnvShape>>): WorkerConfig["alertWebhook"] {
  const url = parsed.WORKER_ALERT_WEBHOOK_URL;
  const configured = parsed.WORKER_ALERT_WEBHOOK_SECRET;
  if (url === undefined) return undefined;
  if (isProduction(parsed.NODE_ENV)) {
    if (configured === undefined) {
      throw new EnvError(
        "WORKER_ALERT_WEBHOOK_SECRET",
        "is required with WORKER_ALERT_WEBHOOK_URL when NODE_ENV=production",
      );
    }
    if (configured === DEVELOPMENT_ALERT_WEBHOOK_SECRET) {
      throw new EnvError(
        "WORKER_ALERT_WEBHOOK_SECRET",
        "must not be the documented development secret when NODE_ENV=production",
      );
    }
  }
  return {
    url,
    secret: configured ?? DEVELOPMENT_ALERT_WEBHOOK_SECRET,
    secretIsDevelopmentDefault: configured === undefined,
    timeoutMs: parsed.WORKER_ALERT_WEBHOOK_TIMEOUT_MS,
    attempts: parsed.WORKER_ALERT_WEBHOOK_ATTEMPTS,
  };
}

/**
 * Supervisor chat (`POST /api/v2/chats/users/{id}/messages`) is a one-to-one chat between users: it needs
 * a token with a user behind it (an authorization code, implicit or SAML2 bearer grant). The platform runs
 * on client credentials, which have no user to send as, so the variable that configured it is refused
 * with a pointer to the webhook rather than silently ignored.
 */
const RETIRED_VARIABLES: Readonly<Record<string, string>> = {
  WORKER_SUPERVISOR_USER_IDS:
    "is no longer supported: a client-credentials token has no user to send a Genesys chat as; set WORKER_ALERT_WEBHOOK_URL (and WORKER_ALERT_WEBHOOK_SECRET) instead",
};

/** WORKER_ROSTER_RECONCILE_MAX_INTERVAL_SECONDS in ms, checked against the base interval. */
function reconcileMaxIntervalMs(parsed: {
  WORKER_ROSTER_RECONCILE_INTERVAL_SECONDS: number;
  WORKER_ROSTER_RECONCILE_MAX_INTERVAL_SECONDS: number;
}): number {
  if (parsed.WORKER_ROSTER_RECONCILE_MAX_INTERVAL_SECONDS < parsed.WORKER_ROSTER_RECONCILE_INTERVAL_SECONDS) {
    throw new EnvError(
      "WORKER_ROSTER_RECONCILE_MAX_INTERVAL_SECONDS",
      "must not be shorter than WORKER_ROSTER_RECONCILE_INTERVAL_SECONDS",
    );
  }
  return parsed.WORKER_ROSTER_RECONCILE_MAX_INTERVAL_SECONDS * 1000;
}

function decisionsStall(parsed: {
  WORKER_DECISIONS_LOCK_MS: number;
  WORKER_DECISIONS_STALLED_INTERVAL_MS: number;
  WORKER_DECISIONS_MAX_STALLED_COUNT: number;
}): StallSettings {
  // A check more often than the lock could expire only costs Redis calls; one rarer than the lock delays
  // every re-run by that much: the check must not be slower than the lock.
  if (parsed.WORKER_DECISIONS_STALLED_INTERVAL_MS > parsed.WORKER_DECISIONS_LOCK_MS) {
    throw new EnvError(
      "WORKER_DECISIONS_STALLED_INTERVAL_MS",
      "must not be longer than WORKER_DECISIONS_LOCK_MS",
    );
  }
  return {
    lockDurationMs: parsed.WORKER_DECISIONS_LOCK_MS,
    stalledIntervalMs: parsed.WORKER_DECISIONS_STALLED_INTERVAL_MS,
    maxStalledCount: parsed.WORKER_DECISIONS_MAX_STALLED_COUNT,
  };
}

/**
 * Parses the worker's environment once, failing fast with an EnvError that names the bad variable (never
 * its value). In production, missing Genesys credentials are refused rather than falling back to the
 * emulator.
 */
export function parseWorkerEnv(env: Readonly<Record<string, string | undefined>>): WorkerConfig {
  for (const [variable, message] of Object.entries(RETIRED_VARIABLES)) {
    if (env[variable] !== undefined && env[variable]?.trim() !== "") throw new EnvError(variable, message);
  }
  const parsed = parseEnv(workerEnvShape, env);
  return {
    ...genesysServiceConfig(parsed),
    metrics: { port: parsed.WORKER_METRICS_PORT, host: parsed.WORKER_METRICS_HOST },
    concurrency: {
      decisions: parsed.WORKER_DECISIONS_CONCURRENCY,
      maintenance: parsed.WORKER_MAINTENANCE_CONCURRENCY,
    },
    alertWebhook: alertWebhook(parsed),
    decisionsStall: decisionsStall(parsed),
    handoff: {
      queueId: parsed.WORKER_HANDOFF_QUEUE_ID,
      skillIds: parsed.WORKER_HANDOFF_SKILL_IDS,
      confidenceThreshold: parsed.WORKER_HANDOFF_CONFIDENCE_THRESHOLD,
      stateTtlMs: parsed.WORKER_HANDOFF_STATE_TTL_SECONDS * 1000,
    },
    assignmentThreshold: parsed.WORKER_ASSIGNMENT_THRESHOLD,
    skillAdjustmentTargets: groupTargets(parsed.WORKER_SKILL_ADJUSTMENT_TARGETS),
    queueConfigurationTtlMs: parsed.WORKER_QUEUE_CONFIG_TTL_SECONDS * 1000,
    roster: {
      reconcileIntervalMs: parsed.WORKER_ROSTER_RECONCILE_INTERVAL_SECONDS * 1000,
      reconcileMaxIntervalMs: reconcileMaxIntervalMs(parsed),
      reconcileBudgetShare: parsed.WORKER_ROSTER_RECONCILE_BUDGET_SHARE,
      skillsRefreshIntervalMs: parsed.WORKER_ROSTER_SKILLS_REFRESH_INTERVAL_SECONDS * 1000,
      skillsBudgetShare: parsed.WORKER_ROSTER_SKILLS_BUDGET_SHARE,
      ...rosterStaleness(parsed),
      onStale: parsed.WORKER_ROSTER_ON_STALE === "refresh" ? "refresh-once" : "decide-and-record",
    },
    decisionLog: {
      ttlSeconds: parsed.WORKER_DECISION_LOG_TTL_SECONDS,
      maxEntries: parsed.WORKER_DECISION_LOG_MAX_ENTRIES,
      maxPerConversation: parsed.WORKER_DECISION_LOG_MAX_PER_CONVERSATION,
    },
    // Genesys ids are lower-case; a list typed in upper case still names the same queues.
    shadowQueueIds: new Set(parsed.WORKER_SHADOW_QUEUE_IDS.map((queueId) => queueId.toLowerCase())),
    csat: {
      refreshIntervalMs: parsed.WORKER_CSAT_REFRESH_INTERVAL_MS,
      windowMs: parsed.WORKER_CSAT_WINDOW_DAYS * DAY_MS,
      minResponses: parsed.WORKER_CSAT_MIN_RESPONSES,
      budgetShare: parsed.WORKER_CSAT_BUDGET_SHARE,
    },
    serviceLevel: {
      intervalMs: parsed.WORKER_SERVICE_LEVEL_INTERVAL_MS,
      windowMs: parsed.WORKER_SERVICE_LEVEL_WINDOW_MINUTES * 60_000,
      budgetShare: parsed.WORKER_SERVICE_LEVEL_BUDGET_SHARE,
    },
    skillAdjustmentSchedule: {
      // Off in production until someone chooses; elsewhere proposals wait for approval (nothing is written).
      mode: parsed.WORKER_SKILL_ADJUSTMENT_MODE ?? (isProduction(parsed.NODE_ENV) ? "off" : "approval"),
      intervalMs: parsed.WORKER_SKILL_ADJUSTMENT_INTERVAL_MS,
      windowMs: parsed.WORKER_SKILL_ADJUSTMENT_WINDOW_DAYS * DAY_MS,
    },
  };
}

/** The one read of `process.env` in the worker (called by main.ts). */
export function readWorkerEnv(): WorkerConfig {
  return parseWorkerEnv(process.env);
}

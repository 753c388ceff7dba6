import { DEFAULT_ASSIGNMENT_THRESHOLDS, DEFAULT_HANDOFF_OPTIONS } from "@routing/core";
import {
  commonEnvShape,
  EnvError,
  envInteger,
  envList,
  envPort,
  type GenesysServiceConfig,
  genesysEnvShape,
  genesysServiceConfig,
  parseEnv,
} from "@routing/service-kit";
import { z } from "zod";
import type { StallSettings } from "./queue-worker.js";

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

/** The worker's variables: the shared ones from service-kit plus its own. */
export const workerEnvShape = {
  ...commonEnvShape,
  ...genesysEnvShape,
  WORKER_METRICS_PORT: envPort.default(9102),
  // Prometheus (docker compose) scrapes through host.docker.internal, so loopback alone would not do.
  WORKER_METRICS_HOST: z.string().trim().min(1).default("0.0.0.0"),
  WORKER_DECISIONS_CONCURRENCY: envInteger(1, 1_000).default(20),
  WORKER_MAINTENANCE_CONCURRENCY: envInteger(1, 100).default(2),
  /** Lock of a decision job; renewed every half of it while the job runs. */
  WORKER_DECISIONS_LOCK_MS: envInteger(1_000, 600_000).default(5_000),
  /** How often a live worker looks for decision jobs whose lock expired (their worker died). */
  WORKER_DECISIONS_STALLED_INTERVAL_MS: envInteger(500, 600_000).default(2_500),
  /** Stalls a decision job may survive before it fails for good. */
  WORKER_DECISIONS_MAX_STALLED_COUNT: envInteger(0, 100).default(2),
  WORKER_SUPERVISOR_USER_IDS: genesysIdList.default([]),
  WORKER_HANDOFF_QUEUE_ID: genesysId.optional(),
  WORKER_HANDOFF_STATE_TTL_SECONDS: envInteger(60, 30 * 24 * 60 * 60).default(24 * 60 * 60),
  WORKER_HANDOFF_CONFIDENCE_THRESHOLD: envUnitInterval.default(DEFAULT_HANDOFF_OPTIONS.confidenceThreshold),
  WORKER_ASSIGNMENT_THRESHOLD: envUnitInterval.default(DEFAULT_ASSIGNMENT_THRESHOLDS.defaultThreshold),
  WORKER_SKILL_ADJUSTMENT_TARGETS: skillAdjustmentTargets.default([]),
};

export interface WorkerConfig extends GenesysServiceConfig {
  readonly metrics: { readonly port: number; readonly host: string };
  readonly concurrency: { readonly decisions: number; readonly maintenance: number };
  /** How fast a dead worker's decision jobs run again (queue-worker.ts). */
  readonly decisionsStall: StallSettings;
  /** Genesys users who receive skill-adjustment alerts by chat. */
  readonly supervisorUserIds: readonly string[];
  readonly handoff: {
    /** Where a handed-off bot conversation is transferred; undefined: decide and record only. */
    readonly queueId: string | undefined;
    readonly confidenceThreshold: number;
    readonly stateTtlMs: number;
  };
  readonly assignmentThreshold: number;
  /** Queue id -> the skill ids its performance adjusts. */
  readonly skillAdjustmentTargets: ReadonlyMap<string, readonly string[]>;
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
  const parsed = parseEnv(workerEnvShape, env);
  return {
    ...genesysServiceConfig(parsed),
    metrics: { port: parsed.WORKER_METRICS_PORT, host: parsed.WORKER_METRICS_HOST },
    concurrency: {
      decisions: parsed.WORKER_DECISIONS_CONCURRENCY,
      maintenance: parsed.WORKER_MAINTENANCE_CONCURRENCY,
    },
    decisionsStall: decisionsStall(parsed),
    supervisorUserIds: parsed.WORKER_SUPERVISOR_USER_IDS,
    handoff: {
      queueId: parsed.WORKER_HANDOFF_QUEUE_ID,
      confidenceThreshold: parsed.WORKER_HANDOFF_CONFIDENCE_THRESHOLD,
      stateTtlMs: parsed.WORKER_HANDOFF_STATE_TTL_SECONDS * 1000,
    },
    assignmentThreshold: parsed.WORKER_ASSIGNMENT_THRESHOLD,
    skillAdjustmentTargets: groupTargets(parsed.WORKER_SKILL_ADJUSTMENT_TARGETS),
  };
}

/** The one read of `process.env` in the worker (called by main.ts). */
export function readWorkerEnv(): WorkerConfig {
  return parseWorkerEnv(process.env);
}

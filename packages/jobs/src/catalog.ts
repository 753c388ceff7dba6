import type { JobsOptions } from "bullmq";
import type { z } from "zod";
import { buildJobId } from "./job-id.js";
import {
  assignmentCheckPayload,
  conversationScorePayload,
  handoffTurnPayload,
  notificationsRecoverPayload,
  queuesServiceLevelPayload,
  rosterCsatRefreshPayload,
  rosterMemberPayload,
  rosterReconcilePayload,
  rosterSeedPayload,
  rosterSkillsRefreshPayload,
  skillsAdjustPayload,
  skillsAdjustRunPayload,
  skillsRunActionPayload,
} from "./payloads.js";
import type { QueueKey } from "./queues.js";

export interface JobDefinition<Schema extends z.ZodType> {
  readonly queue: QueueKey;
  readonly payload: Schema;
  /** Total tries, the first included. */
  readonly attempts: number;
  readonly backoff: { readonly type: "exponential" | "fixed"; readonly delay: number };
  /** Lower runs first (BullMQ priority); decisions on a waiting conversation go before anything else. */
  readonly priority?: number;
  /** The same event gives the same id, so a duplicate is not run twice (see `buildJobId`). */
  readonly jobId: (payload: z.output<Schema>) => string;
  /**
   * Jobs of one key are merged while one of them waits to run: a later copy adds nothing, since the waiting
   * job will see everything the later one would (BullMQ deduplication). A copy that arrives while the job
   * runs is kept and runs once after it, so nothing that happened during a run is skipped. `delayMs` holds
   * each job back that long first, so that copies made at about the same time (one per ingester) merge.
   */
  readonly coalesce?: { readonly key: (payload: z.output<Schema>) => string; readonly delayMs: number };
}

function defineJob<Schema extends z.ZodType>(definition: JobDefinition<Schema>): JobDefinition<Schema> {
  return definition;
}

/**
 * Every job the system runs. Producers (ingester, dashboard, schedulers) and consumers (workers) both take
 * their types and options from here, so a payload can never be written in one shape and read in another.
 */
export const JOB_CATALOG = {
  "conversation.score": defineJob({
    queue: "decisions",
    payload: conversationScorePayload,
    attempts: 5,
    // 250 ms, 0.5 s, 1 s, 2 s: the customer is waiting, so retries are quick and few.
    backoff: { type: "exponential", delay: 250 },
    priority: 1,
    jobId: (p) => buildJobId("score", [p.conversationId, p.queueId, p.round]),
  }),
  "assignment.check": defineJob({
    queue: "decisions",
    payload: assignmentCheckPayload,
    attempts: 5,
    backoff: { type: "exponential", delay: 250 },
    priority: 1,
    jobId: (p) => buildJobId("assign", [p.conversationId, p.participantId, p.round]),
  }),
  "handoff.turn": defineJob({
    queue: "decisions",
    payload: handoffTurnPayload,
    attempts: 5,
    backoff: { type: "exponential", delay: 250 },
    priority: 1,
    jobId: (p) => buildJobId("turn", [p.conversationId, p.turnId]),
  }),
  "skills.adjust": defineJob({
    queue: "maintenance",
    payload: skillsAdjustPayload,
    attempts: 4,
    backoff: { type: "exponential", delay: 30_000 },
    jobId: (p) =>
      buildJobId("adjust", [
        p.queueId ?? "all",
        p.intervalStartMs,
        p.intervalEndMs,
        p.dryRun ? "dry" : "live",
      ]),
  }),
  "notifications.recover": defineJob({
    queue: "maintenance",
    payload: notificationsRecoverPayload,
    attempts: 5,
    backoff: { type: "exponential", delay: 2_000 },
    jobId: (p) => buildJobId("recover", [[...p.topics].sort().join(","), p.fromMs, p.toMs]),
    // Every ingester sees the same lost socket (and a restart, an overflow) as a gap of its own: a recovery
    // reads back every conversation still going on, so one waiting recovery per topic set covers them all.
    coalesce: { key: (p) => buildJobId("recover", [[...p.topics].sort().join(",")]), delayMs: 2_000 },
  }),
  "roster.seed": defineJob({
    queue: "maintenance",
    payload: rosterSeedPayload,
    attempts: 8,
    // 1 s doubling to ~2 min: a roster that cannot be seeded stays stale (and says so) meanwhile.
    backoff: { type: "exponential", delay: 1_000 },
    jobId: (p) => buildJobId("roster-seed", [p.queueId, p.reason, p.fromMs ?? 0, p.toMs]),
  }),
  "roster.member": defineJob({
    queue: "maintenance",
    payload: rosterMemberPayload,
    attempts: 6,
    backoff: { type: "exponential", delay: 1_000 },
    jobId: (p) => buildJobId("roster-member", [p.queueId, p.userId, p.observedAtMs]),
  }),
  "roster.reconcile": defineJob({
    queue: "maintenance",
    payload: rosterReconcilePayload,
    // The next tick comes soon: a failed run is not worth many retries.
    attempts: 2,
    backoff: { type: "fixed", delay: 5_000 },
    jobId: (p) => buildJobId("roster-reconcile", [p.queueId ?? "due", p.requestedAtMs ?? "scheduled"]),
  }),
  "roster.skills-refresh": defineJob({
    queue: "maintenance",
    payload: rosterSkillsRefreshPayload,
    attempts: 2,
    backoff: { type: "fixed", delay: 5_000 },
    jobId: (p) => buildJobId("roster-skills", [p.queueId ?? "due", p.requestedAtMs ?? "scheduled"]),
  }),
  "roster.csat-refresh": defineJob({
    queue: "maintenance",
    payload: rosterCsatRefreshPayload,
    attempts: 2,
    backoff: { type: "fixed", delay: 5_000 },
    jobId: (p) => buildJobId("roster-csat", [p.requestedAtMs ?? "scheduled"]),
  }),
  "queues.service-level": defineJob({
    queue: "maintenance",
    payload: queuesServiceLevelPayload,
    attempts: 2,
    backoff: { type: "fixed", delay: 5_000 },
    jobId: (p) => buildJobId("service-level", [p.queueId ?? "followed", p.requestedAtMs ?? "scheduled"]),
  }),
  "skills.adjust-run": defineJob({
    queue: "maintenance",
    payload: skillsAdjustRunPayload,
    attempts: 4,
    backoff: { type: "exponential", delay: 30_000 },
    jobId: (p) => buildJobId("adjust-run", [p.requestedBy ?? "scheduler", p.requestedAtMs ?? "scheduled"]),
  }),
  "skills.run-action": defineJob({
    queue: "maintenance",
    payload: skillsRunActionPayload,
    attempts: 6,
    backoff: { type: "exponential", delay: 5_000 },
    // One approval and one rollback per run, however often they are asked for.
    jobId: (p) => buildJobId("run-action", [p.runId, p.action]),
  }),
} as const;

export type JobCatalog = typeof JOB_CATALOG;
export type JobName = keyof JobCatalog;
/** The payload as producers may write it (defaults may be left out). */
export type JobInput<Name extends JobName> = z.input<JobCatalog[Name]["payload"]>;
/** The payload as consumers receive it (defaults filled in, unknown fields dropped). */
export type JobPayload<Name extends JobName> = z.output<JobCatalog[Name]["payload"]>;

/**
 * How long finished jobs are kept: completed ones long enough to refuse duplicates, failed ones for replay.
 * Both sets are bounded by count as well as age: an outage that fails thousands of jobs an hour must not
 * grow Redis for a week (past the count, the oldest failed jobs go first; the log keeps their ids).
 */
export const RETENTION = {
  completedAgeSeconds: 60 * 60,
  completedCount: 50_000,
  failedAgeSeconds: 7 * 24 * 60 * 60,
  failedCount: 10_000,
} as const;

export function jobOptionsFor<Name extends JobName>(name: Name, payload: JobPayload<Name>): JobsOptions {
  const definition = JOB_CATALOG[name] as unknown as JobDefinition<z.ZodType<JobPayload<Name>>>;
  return {
    jobId: definition.jobId(payload),
    attempts: definition.attempts,
    backoff: { ...definition.backoff },
    ...(definition.priority === undefined ? {} : { priority: definition.priority }),
    ...(definition.coalesce === undefined
      ? {}
      : {
          delay: definition.coalesce.delayMs,
          deduplication: { id: definition.coalesce.key(payload), keepLastIfActive: true },
        }),
    removeOnComplete: { age: RETENTION.completedAgeSeconds, count: RETENTION.completedCount },
    removeOnFail: { age: RETENTION.failedAgeSeconds, count: RETENTION.failedCount },
  };
}

import { type JobName, jobOptionsFor } from "@routing/jobs";
import type { Queue } from "bullmq";
import type { WorkerRosterConfig } from "./worker-roster.js";

/** BullMQ job scheduler ids (one per deployment prefix): every worker upserts the same two. */
export const ROSTER_SCHEDULERS = {
  reconcile: "roster-reconcile",
  skillsRefresh: "roster-skills-refresh",
} as const;

type ScheduledJob = Extract<
  JobName,
  | "roster.reconcile"
  | "roster.skills-refresh"
  | "roster.csat-refresh"
  | "queues.service-level"
  | "skills.adjust-run"
>;

function template(name: ScheduledJob) {
  // BullMQ names each scheduled job itself; the catalog's id is for jobs an operator adds by hand.
  const { jobId: _jobId, ...opts } = jobOptionsFor(name, {});
  return { name, data: {}, opts };
}

/**
 * Creates the scheduler unless it already runs at this interval. A scheduler that exists is left alone, so
 * a rolling restart of the workers does not keep pushing the next run back; a new one first runs one
 * interval from now (the ingesters seed every queue when they start, so there is nothing to reconcile yet).
 */
export async function ensureScheduler(
  queue: Queue,
  schedulerId: string,
  name: ScheduledJob,
  everyMs: number,
  nowMs: number,
): Promise<void> {
  const existing = await queue.getJobScheduler(schedulerId);
  if (existing?.every === everyMs && existing.name === name) return;
  await queue.upsertJobScheduler(schedulerId, { every: everyMs, startDate: nowMs + everyMs }, template(name));
}

/**
 * The reconciliation and the skills refresh run on BullMQ job schedulers of the maintenance queue; any worker
 * runs the jobs. Every worker ensures both at start; a changed interval replaces the scheduler.
 */
export async function ensureRosterSchedulers(
  maintenance: Queue,
  config: WorkerRosterConfig,
  nowMs: number,
): Promise<void> {
  await ensureScheduler(
    maintenance,
    ROSTER_SCHEDULERS.reconcile,
    "roster.reconcile",
    config.reconcileIntervalMs,
    nowMs,
  );
  await ensureScheduler(
    maintenance,
    ROSTER_SCHEDULERS.skillsRefresh,
    "roster.skills-refresh",
    config.skillsRefreshIntervalMs,
    nowMs,
  );
}

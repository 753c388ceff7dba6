import type { Queue } from "bullmq";
import type { WorkerConfig } from "./env.js";
import { ensureScheduler } from "./roster/roster-schedulers.js";

/** BullMQ job scheduler ids of the measured-performance loops (one per deployment prefix). */
export const LOOP_SCHEDULERS = {
  csatRefresh: "roster-csat-refresh",
  serviceLevel: "queues-service-level",
  skillAdjustment: "skills-adjust-run",
} as const;

/**
 * The CSAT refresh, the service level measurement and (unless WORKER_SKILL_ADJUSTMENT_MODE is off) the
 * skill adjustment run, on job schedulers of the maintenance queue; every worker ensures them at start.
 * Mode `off` removes the adjustment's scheduler, so turning it off on one worker stops every worker's runs.
 */
export async function ensureLoopSchedulers(
  maintenance: Queue,
  config: Pick<WorkerConfig, "csat" | "serviceLevel" | "skillAdjustmentSchedule">,
  nowMs: number,
): Promise<void> {
  await ensureScheduler(
    maintenance,
    LOOP_SCHEDULERS.csatRefresh,
    "roster.csat-refresh",
    config.csat.refreshIntervalMs,
    nowMs,
  );
  await ensureScheduler(
    maintenance,
    LOOP_SCHEDULERS.serviceLevel,
    "queues.service-level",
    config.serviceLevel.intervalMs,
    nowMs,
  );
  if (config.skillAdjustmentSchedule.mode === "off") {
    await maintenance.removeJobScheduler(LOOP_SCHEDULERS.skillAdjustment);
    return;
  }
  await ensureScheduler(
    maintenance,
    LOOP_SCHEDULERS.skillAdjustment,
    "skills.adjust-run",
    config.skillAdjustmentSchedule.intervalMs,
    nowMs,
  );
}

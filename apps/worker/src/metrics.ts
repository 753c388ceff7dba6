import { Counter, Histogram, type Registry } from "prom-client";

/** How a job attempt ended, as the queue sees it. */
export type JobAttemptResult = "completed" | "failed" | "rate-limited" | "unrecoverable";

/**
 * The worker's own series (the Genesys request series come from service-kit's genesysRequestMetrics).
 * Labels are job names, decision kinds and reasons: bounded sets, never ids.
 */
export interface WorkerMetrics {
  readonly jobsProcessed: Counter<"queue" | "name" | "outcome">;
  readonly jobDuration: Histogram<"name">;
  readonly queuePauses: Counter<"queue">;
  readonly conversationsGone: Counter<"name">;
  readonly decisionsTooLate: Counter<"name">;
  readonly assignmentChecks: Counter<"decision">;
  readonly assignmentRejections: Counter<"follow_up">;
  readonly handoffTurns: Counter<"decision">;
  readonly handoffs: Counter<"trigger">;
  readonly handoffTransfers: Counter;
  readonly handoffTransfersSkipped: Counter<"reason">;
  readonly skillAdjustments: Counter<"mode" | "direction">;
  readonly supervisorAlerts: Counter<"result">;
  readonly notificationRecoveries: Counter<"result">;
  readonly recoveredJobs: Counter<"job" | "result">;
}

export function createWorkerMetrics(registry: Registry): WorkerMetrics {
  const registers = [registry];
  return {
    jobsProcessed: new Counter({
      name: "worker_jobs_processed_total",
      help: "Job attempts by queue, job name and outcome (completed, failed = will retry or exhausted, rate-limited = put back without spending an attempt, unrecoverable)",
      labelNames: ["queue", "name", "outcome"] as const,
      registers,
    }),
    jobDuration: new Histogram({
      name: "worker_job_duration_seconds",
      help: "Time one job attempt took, rate-budget waits included",
      labelNames: ["name"] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    }),
    queuePauses: new Counter({
      name: "worker_queue_pauses_total",
      help: "Queue-wide pauses after a Genesys 429 (every worker and every Genesys call waits for Retry-After)",
      labelNames: ["queue"] as const,
      registers,
    }),
    conversationsGone: new Counter({
      name: "worker_conversations_gone_total",
      help: "Jobs completed without effect because Genesys no longer has the conversation (404)",
      labelNames: ["name"] as const,
      registers,
    }),
    decisionsTooLate: new Counter({
      name: "worker_decisions_too_late_total",
      help: "Jobs completed without effect because Genesys refused the write: the conversation had left the queue (answered, transferred)",
      labelNames: ["name"] as const,
      registers,
    }),
    assignmentChecks: new Counter({
      name: "worker_assignment_checks_total",
      help: "Skill-threshold checks of offered assignments, by decision (approve, reject)",
      labelNames: ["decision"] as const,
      registers,
    }),
    assignmentRejections: new Counter({
      name: "worker_assignment_rejections_total",
      help: "Rejected assignments by follow-up (rescore = steered to qualified agents, requeue = left to Genesys)",
      labelNames: ["follow_up"] as const,
      registers,
    }),
    handoffTurns: new Counter({
      name: "worker_handoff_turns_total",
      help: "Bot turns decided, by decision (continue-bot, handoff, already-handed-off)",
      labelNames: ["decision"] as const,
      registers,
    }),
    handoffs: new Counter({
      name: "worker_handoffs_total",
      help: "Bot-to-agent handoffs decided, by trigger",
      labelNames: ["trigger"] as const,
      registers,
    }),
    handoffTransfers: new Counter({
      name: "worker_handoff_transfers_total",
      help: "Handed-off conversations transferred to the handoff queue",
      registers,
    }),
    handoffTransfersSkipped: new Counter({
      name: "worker_handoff_transfers_skipped_total",
      help: "Handoffs recorded without a transfer (no-queue-configured, no-participant-id): needs attention",
      labelNames: ["reason"] as const,
      registers,
    }),
    skillAdjustments: new Counter({
      name: "worker_skill_adjustments_total",
      help: "Routing skill proficiency changes decided, by mode (live = written, dry-run) and direction",
      labelNames: ["mode", "direction"] as const,
      registers,
    }),
    supervisorAlerts: new Counter({
      name: "worker_supervisor_alerts_total",
      help: "Supervisor alerts about large skill adjustments, by result (sent, failed, no-supervisor)",
      labelNames: ["result"] as const,
      registers,
    }),
    notificationRecoveries: new Counter({
      name: "worker_notification_recoveries_total",
      help: "notifications.recover attempts by result (recovered, failed = will retry or exhausted)",
      labelNames: ["result"] as const,
      registers,
    }),
    recoveredJobs: new Counter({
      name: "worker_recovered_jobs_total",
      help: "Decision jobs a notification recovery found missing, by job and result (new, duplicate = already queued, rejected = refused by the catalog)",
      labelNames: ["job", "result"] as const,
      registers,
    }),
  };
}

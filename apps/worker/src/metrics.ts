import { HANDOFF_TRIGGERS } from "@routing/core";
import { JOB_CATALOG, type JobName, QUEUES } from "@routing/jobs";
import { Counter, Histogram, type Registry } from "prom-client";

/**
 * How a job attempt ended, as the queue sees it. `delayed`: a Genesys endpoint's circuit was open, the job
 * waits for its cool-down without spending an attempt.
 */
export const JOB_ATTEMPT_RESULTS = [
  "completed",
  "failed",
  "rate-limited",
  "delayed",
  "unrecoverable",
] as const;
export type JobAttemptResult = (typeof JOB_ATTEMPT_RESULTS)[number];

/**
 * What a finished `conversation.score` job decided, from its outcome `status`: a closed set, so a new
 * status in a handler shows up as `other` instead of a new series nobody charts.
 */
export const SCORING_OUTCOMES = ["scored", "no-eligible-agent", "conversation-gone", "other"] as const;

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
  readonly handoffTransfers: Counter<"from">;
  readonly handoffTransfersSkipped: Counter<"reason">;
  readonly skillAdjustments: Counter<"mode" | "direction">;
  readonly supervisorAlerts: Counter<"result">;
  readonly notificationRecoveries: Counter<"result">;
  readonly recoveredJobs: Counter<"job_name" | "result">;
  readonly scoresInert: Counter<"queue_id" | "reason">;
  readonly scoringOutcomes: Counter<"outcome">;
  /** Counts what a completed job decided (today: the scoring outcome of `conversation.score`). */
  countOutcome(jobName: string, status: string): void;
}

export function createWorkerMetrics(registry: Registry): WorkerMetrics {
  const registers = [registry];
  const metrics = {
    jobsProcessed: new Counter({
      name: "worker_jobs_processed_total",
      help: "Job attempts by queue, job name and outcome (completed, failed = will retry or exhausted, rate-limited = put back without spending an attempt, delayed = a Genesys circuit was open: waits for its cool-down without spending an attempt, unrecoverable)",
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
      help: "Skill-threshold checks of offered assignments, by decision (approve, reject, unevaluated = routed by a skill expression with no explicit skills)",
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
      help: "Handed-off conversations moved to the handoff queue with replace/queue, by the purpose of the participant replaced (workflow, acd, agent, ...)",
      labelNames: ["from"] as const,
      registers,
    }),
    handoffTransfersSkipped: new Counter({
      name: "worker_handoff_transfers_skipped_total",
      help: "Handoffs recorded without a transfer (no-queue-configured, no-owner-participant): needs attention",
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
      help: "Supervisor alerts about large skill adjustments, by result (sent, failed = refused for good, no-channel = WORKER_ALERT_WEBHOOK_URL unset)",
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
      help: "Decision jobs a notification recovery found missing, by job name and result (new, duplicate = already queued, rejected = refused by the catalog)",
      labelNames: ["job_name", "result"] as const,
      registers,
    }),
    scoringOutcomes: new Counter({
      name: "worker_scoring_outcomes_total",
      help: "Finished conversation.score jobs by outcome (scored = requestScoredAgents sent, no-eligible-agent = nothing sent, conversation-gone, other)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    scoresInert: new Counter({
      name: "worker_scores_inert_total",
      help: "Scoring decisions whose queue's preferred agent routing rules make our scores inert, by queue and reason (no-routing-rules = Genesys ignores requestScoredAgents, nothing sent; threshold-unreachable = a MEETS_THRESHOLD rule no score can meet)",
      labelNames: ["queue_id", "reason"] as const,
      registers,
    }),
  };
  zeroInitialise(metrics);
  return {
    ...metrics,
    countOutcome(jobName, status) {
      if (jobName !== "conversation.score") return;
      const outcome = (SCORING_OUTCOMES as readonly string[]).includes(status) ? status : "other";
      metrics.scoringOutcomes.inc({ outcome });
    },
  };
}

/**
 * Every known label combination starts at 0, so the first failure, pause or outcome after a start is an
 * increase Prometheus can see (a series born at 1 has no earlier sample to rise from).
 */
function zeroInitialise(metrics: Omit<WorkerMetrics, "countOutcome">): void {
  for (const [name, definition] of Object.entries(JOB_CATALOG) as [
    JobName,
    { queue: keyof typeof QUEUES },
  ][]) {
    const queue = QUEUES[definition.queue];
    for (const outcome of JOB_ATTEMPT_RESULTS) metrics.jobsProcessed.inc({ queue, name, outcome }, 0);
  }
  for (const queue of Object.values(QUEUES)) metrics.queuePauses.inc({ queue }, 0);
  for (const outcome of SCORING_OUTCOMES) metrics.scoringOutcomes.inc({ outcome }, 0);
  for (const trigger of HANDOFF_TRIGGERS) metrics.handoffs.inc({ trigger }, 0);
  // Core's assignment decisions, plus a skill expression we cannot evaluate (handlers/assignment-check.ts).
  for (const decision of ["approve", "reject", "unevaluated"]) metrics.assignmentChecks.inc({ decision }, 0);
  for (const follow_up of ["rescore", "requeue"]) metrics.assignmentRejections.inc({ follow_up }, 0);
}

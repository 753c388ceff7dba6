import type { AlertChannel } from "@routing/alert-channels";
import type { CallOptions, GenesysClient, RequestLane, RequestObserver } from "@routing/genesys-client";
import type { HandoffSessions } from "@routing/handoff-sessions";
import type { JobName, JobPayload } from "@routing/jobs";
import type { Logger } from "@routing/service-kit";
import type { RunStore } from "@routing/skill-adjustment-runs";
import type { DecisionNotes } from "./decision-record/job-decision.js";
import type { JobEnqueuer } from "./job-enqueuer.js";
import type { JobOutcome } from "./job-outcome.js";
import type { WorkerMetrics } from "./metrics.js";
import type { WorkerPolicy } from "./policy.js";
import type { QueueConfigurations } from "./queue-config/queue-configuration.js";
import type { PageBudget } from "./roster/page-budget.js";
import type { WorkerRoster } from "./roster/worker-roster.js";
import type { QueueServiceLevels } from "./service-level/queue-service-levels.js";
import type { AdjustmentLedger } from "./skill-adjustment/adjustment-ledger.js";
import type { JobWrites } from "./write-journal.js";

/** `off`: no scheduled runs; `auto`: written at once; `approval`: proposed, written once approved. */
export type SkillAdjustmentMode = "off" | "auto" | "approval";

/** What every job handler may use. Handlers reach Genesys only through `genesys` (the budgeted client). */
export interface HandlerContext {
  readonly genesys: GenesysClient;
  readonly policy: WorkerPolicy;
  readonly handoffSessions: HandoffSessions;
  /** Where supervisor alerts go (WORKER_ALERT_WEBHOOK_URL); undefined: counted and logged only. */
  readonly alerts: AlertChannel | undefined;
  readonly adjustmentLedger: AdjustmentLedger;
  /** Queues' configuration (preferred agent routing rules), cached with a TTL. */
  readonly queueConfigurations: QueueConfigurations;
  readonly metrics: WorkerMetrics;
  /** Adds catalog jobs (a notification recovery queues the decisions the gap missed). */
  readonly jobs: JobEnqueuer;
  /** The live roster in Redis (`@routing/roster`), its metrics and background budgets. */
  readonly roster: WorkerRoster;
  /** Live CSAT per agent (`roster.csat-refresh`): its window, evidence floor and budget share. */
  readonly csat: { readonly windowMs: number; readonly minResponses: number; readonly budget: PageBudget };
  /** Measured service level per queue (`queues.service-level`): its window and budget share. */
  readonly serviceLevel: { readonly windowMs: number; readonly budget: PageBudget };
  /** Each queue's cached measured service level, and the scoring weights it gives (`weightsFor`). */
  readonly serviceLevels: QueueServiceLevels;
  /** Scheduled skill adjustment runs, their approvals and audit trail (`@routing/skill-adjustment-runs`). */
  readonly adjustmentRuns: RunStore;
  /** WORKER_SKILL_ADJUSTMENT_MODE and the analytics window of a scheduled run. */
  readonly skillAdjustmentSchedule: { readonly mode: SkillAdjustmentMode; readonly windowMs: number };
  /** Already carries the job's id and name. */
  readonly logger: Logger;
  readonly job: { readonly id: string; readonly queueName: string };
  /**
   * Every Genesys write goes through here (`write-journal.ts`): the intent is recorded before the call, so
   * a re-run of this job after its worker died re-sends the recorded write instead of deciding another.
   */
  readonly writes: JobWrites;
  /**
   * The decision log's notes of this job: a decision handler hands over how it decided (core's
   * explanations, the roster version); the job processor writes the record with the outcome, the Genesys
   * calls and the timings. A no-op for jobs that are not logged decisions.
   */
  readonly decision: DecisionNotes;
  /** Epoch ms; injected so that decisions are reproducible in tests. */
  readonly nowMs: () => number;
  /** Aborted when the job is cancelled; passed to every Genesys call. */
  readonly signal: AbortSignal | undefined;
  /**
   * The budget lane of the job's Genesys calls (JOB_LANES, set by dispatchJob); passed to every call.
   * Unset: the client's default, `decision`.
   */
  readonly lane?: RequestLane;
  /** Sees each Genesys request of the job (a decision's record lists them); passed to every call. */
  readonly observeGenesys?: RequestObserver;
}

export type JobHandler<Name extends JobName> = (
  payload: JobPayload<Name>,
  context: HandlerContext,
) => Promise<JobOutcome>;

/** The context's abort signal and budget lane in the client's option shape. */
export function callOptions(
  context: Pick<HandlerContext, "signal" | "lane" | "observeGenesys">,
): CallOptions {
  return {
    ...(context.signal === undefined ? {} : { signal: context.signal }),
    ...(context.lane === undefined ? {} : { lane: context.lane }),
    ...(context.observeGenesys === undefined ? {} : { observer: context.observeGenesys }),
  };
}

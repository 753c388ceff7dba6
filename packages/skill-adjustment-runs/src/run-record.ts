import { createHash } from "node:crypto";
import { z } from "zod";

/** How a run's changes reach Genesys: at once (`auto`), or once a supervisor approves them (`approval`). */
export const RUN_MODES = ["auto", "approval"] as const;
export type RunMode = (typeof RUN_MODES)[number];

/**
 * A run's life:
 * - `awaiting-approval` (approval mode) -> `approved` (a supervisor said yes; the worker's job is queued)
 *   -> `applying` -> `applied`; or -> `rejected` (nothing written, ever);
 * - `applying` -> `applied` (auto mode starts at `applying`);
 * - `applied` -> `rolling-back` (asked for) -> `rolled-back` (the previous proficiencies written again).
 */
export const RUN_STATUSES = [
  "awaiting-approval",
  "approved",
  "applying",
  "applied",
  "rejected",
  "rolling-back",
  "rolled-back",
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** The measured performance a change was decided from. */
export const changeInputsSchema = z.object({
  conversations: z.number(),
  averageHandleTimeSeconds: z.number(),
  /** Average survey score on `csatScale`; null without survey responses. */
  csat: z.number().nullable(),
  csatScale: z.number(),
});

export const proposedChangeSchema = z.object({
  queueId: z.string(),
  userId: z.string(),
  skillId: z.string(),
  skillName: z.string().nullable(),
  /** The proficiency the agent held when the run decided. */
  from: z.number(),
  /** The proficiency the run writes. */
  to: z.number(),
  target: z.number(),
  clamped: z.boolean(),
  /** Core flagged the wanted change as large enough for a supervisor's look. */
  alert: z.boolean(),
  reason: z.string(),
  inputs: changeInputsSchema,
});
export type ProposedChange = z.output<typeof proposedChangeSchema>;

export const runTriggerSchema = z.object({
  /** `schedule`: the worker's job scheduler; `operator`: someone asked for it. */
  kind: z.enum(["schedule", "operator"]),
  /** Who or what: the scheduler's id, or the operator's name. */
  by: z.string(),
});
export type RunTrigger = z.output<typeof runTriggerSchema>;

/** What is fixed when a run is created. */
export const runRecordSchema = z.object({
  runId: z.string(),
  mode: z.enum(RUN_MODES),
  trigger: runTriggerSchema,
  createdAtMs: z.number(),
  /** The analytics window the performance was measured over. */
  interval: z.object({ startMs: z.number(), endMs: z.number() }),
  changes: z.array(proposedChangeSchema),
});
export type RunRecord = z.output<typeof runRecordSchema>;

/** One state change, by whom and when. */
export const runEventSchema = z.object({ by: z.string(), atMs: z.number() });

/** A run as read back: the record plus its current state. */
export interface AdjustmentRun extends RunRecord {
  readonly status: RunStatus;
  readonly updatedAtMs: number;
  /** Approved or rejected: by whom and when. */
  readonly decided?: {
    readonly by: string;
    readonly atMs: number;
    readonly decision: "approved" | "rejected";
  };
  readonly rollbackRequested?: { readonly by: string; readonly atMs: number };
}

const AUDIT_ACTIONS = [
  "proposed",
  "approved",
  "rejected",
  "written",
  "skipped",
  "applied",
  "rollback-requested",
  "restored",
  "rolled-back",
  /** A write step (apply, rollback) failed: the note says why; the job retries or waits for a replay. */
  "attempt-failed",
] as const;

export const auditEntrySchema = z.object({
  atMs: z.number(),
  runId: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  /** Who or what did it: an operator's name, `scheduler:<id>`, `worker`. */
  actor: z.string(),
  /** Set on entries about one change. */
  queueId: z.string().optional(),
  userId: z.string().optional(),
  skillId: z.string().optional(),
  /** The proficiency Genesys held before this action, as read right before writing. */
  before: z.number().nullable().optional(),
  /** The proficiency after this action (what was written; for `skipped`, what would have been). */
  after: z.number().optional(),
  inputs: changeInputsSchema.optional(),
  note: z.string().optional(),
});
export type AuditEntry = z.output<typeof auditEntrySchema>;

const RUN_ID = /^run-[0-9a-f]{16}$/;

export function isRunId(value: unknown): value is string {
  return typeof value === "string" && RUN_ID.test(value);
}

/**
 * The run of a job: derived from the job id, so every retry of the job finds the run its first attempt
 * created instead of deciding a second one.
 */
export function runIdForJob(jobId: string): string {
  return `run-${createHash("sha256").update(jobId).digest("hex").slice(0, 16)}`;
}

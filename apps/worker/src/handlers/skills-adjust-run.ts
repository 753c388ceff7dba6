import { type AdjustmentRun, type RunTrigger, runIdForJob } from "@routing/skill-adjustment-runs";
import type { HandlerContext, JobHandler } from "../handler-context.js";
import type { JobOutcome } from "../job-outcome.js";
import { alertApprovalWanted } from "../skill-adjustment/approval-alert.js";
import { auditedStep } from "../skill-adjustment/failed-attempt.js";
import { proposeChanges } from "../skill-adjustment/run-proposal.js";
import { applyRun } from "../skill-adjustment/run-writes.js";
import { sendSupervisorAlerts } from "../skill-adjustment/supervisor-alerts.js";

/** Writes a run that is `applying`, marks it applied and alerts about its large changes. */
export async function finishApplying(
  run: AdjustmentRun,
  actor: string,
  context: HandlerContext,
): Promise<JobOutcome> {
  const { written, skipped } = await auditedStep(context, run.runId, "apply", () =>
    applyRun(run, actor, context),
  );
  const done = await context.adjustmentRuns.transition(run.runId, ["applying"], "applied");
  if (done.ok) {
    await context.adjustmentRuns.audit([
      {
        atMs: context.nowMs(),
        runId: run.runId,
        action: "applied",
        actor,
        note: `${written} written, ${skipped} skipped`,
      },
    ]);
  }
  const alerts = await sendSupervisorAlerts(
    run.changes
      .filter((change) => change.alert)
      .map((change) => ({ queueId: change.queueId, userId: change.userId, adjustment: change })),
    context,
  );
  return { status: "applied", runId: run.runId, written, skipped, alertsSent: alerts.sent };
}

/**
 * A skill adjustment run (job scheduler, or asked for): decides every configured queue's changes over the
 * window ending now and stores them as one run (`@routing/skill-adjustment-runs`) with an audit entry per
 * change. `auto`: written at once (compare-before-write, audited); `approval`: the run waits for a
 * supervisor (alerted through the alert channel) and nothing is written until the dashboard's approval
 * queues `skills.run-action`. The run id derives from the job id, so a retry resumes the same run.
 */
export const runSkillAdjustment: JobHandler<"skills.adjust-run"> = async (payload, context) => {
  const { mode, windowMs } = context.skillAdjustmentSchedule;
  if (mode === "off") return { status: "off" };
  if (context.policy.skillAdjustmentTargets.size === 0) return { status: "no-targets" };
  const runId = runIdForJob(context.job.id);
  let run = await context.adjustmentRuns.get(runId);
  if (run === undefined) {
    const endMs = context.nowMs();
    const interval = { startMs: endMs - windowMs, endMs };
    const changes = await proposeChanges(context, interval);
    const trigger: RunTrigger =
      payload.requestedBy === undefined
        ? { kind: "schedule", by: "scheduler:skills-adjust-run" }
        : { kind: "operator", by: payload.requestedBy };
    run = await context.adjustmentRuns.create(
      { runId, mode, trigger, createdAtMs: endMs, interval, changes },
      mode === "auto" ? "applying" : "awaiting-approval",
    );
    await context.adjustmentRuns.audit(
      run.changes.map((change) => ({
        atMs: endMs,
        runId,
        action: "proposed" as const,
        actor: trigger.by,
        queueId: change.queueId,
        userId: change.userId,
        skillId: change.skillId,
        before: change.from,
        after: change.to,
        inputs: change.inputs,
        note: change.reason,
      })),
    );
    if (run.status === "awaiting-approval" && run.changes.length > 0) await alertApprovalWanted(run, context);
  }
  if (run.status === "applying") return finishApplying(run, run.trigger.by, context);
  return { status: run.status, runId, mode: run.mode, changes: run.changes.length };
};

import { AlertDeliveryError } from "@routing/alert-channels";
import type { AdjustmentRun } from "@routing/skill-adjustment-runs";
import type { HandlerContext } from "../handler-context.js";

/**
 * Tells supervisors a run waits for their approval, through the alert channel (the signed webhook of
 * `@routing/alert-channels`). The alert id is the run's, so a retried job's repeat is dropped by the
 * receiver. Without a channel it is counted and logged; a receiver refusing it for good is logged and the
 * run still waits (it is listed in the dashboard either way).
 */
export async function alertApprovalWanted(run: AdjustmentRun, context: HandlerContext): Promise<boolean> {
  const channel = context.alerts;
  if (channel === undefined) {
    context.metrics.supervisorAlerts.inc({ result: "no-channel" });
    context.logger.warn(
      { runId: run.runId },
      "a skill adjustment run waits for approval but WORKER_ALERT_WEBHOOK_URL is not set",
    );
    return false;
  }
  const large = run.changes.filter((change) => change.alert).length;
  try {
    await channel.send(
      {
        id: `${run.runId}:approval`,
        kind: "approval-request",
        severity: "warning",
        title: "Skill adjustments wait for approval",
        text:
          `Skill adjustment run ${run.runId} proposes ${run.changes.length} proficiency change(s)` +
          `${large > 0 ? `, ${large} of them large` : ""}. Approve or reject it: ` +
          `POST /api/skill-adjustments/runs/${run.runId}/approve (or /reject) on the dashboard.`,
        occurredAtMs: run.createdAtMs,
        details: { runId: run.runId, changes: run.changes.length, largeChanges: large, mode: run.mode },
      },
      context.signal === undefined ? {} : { signal: context.signal },
    );
  } catch (error) {
    if (!(error instanceof AlertDeliveryError) || !error.permanent) throw error;
    context.metrics.supervisorAlerts.inc({ result: "failed" });
    context.logger.error({ err: error, runId: run.runId }, "approval alert refused by the alert channel");
    return false;
  }
  context.metrics.supervisorAlerts.inc({ result: "sent" });
  return true;
}

import { type Alert, AlertDeliveryError } from "@routing/alert-channels";
import { formatSupervisorAlert } from "@routing/core";
import { callOptions, type HandlerContext } from "../handler-context.js";
import type { WrittenAdjustment } from "./adjustment-ledger.js";

export interface AlertableAdjustment {
  readonly queueId: string;
  readonly userId: string;
  readonly adjustment: WrittenAdjustment;
}

export interface AlertDelivery {
  readonly sent: number;
  readonly failed: number;
}

async function memberNames(
  context: HandlerContext,
  queueIds: readonly string[],
): Promise<ReadonlyMap<string, string>> {
  const names = new Map<string, string>();
  for (const queueId of new Set(queueIds)) {
    for await (const member of context.genesys.routing.listQueueMembers(queueId, callOptions(context))) {
      const name = member.user?.name ?? member.name;
      if (name !== undefined) names.set(member.user?.id ?? member.id, name);
    }
  }
  return names;
}

function alertOf(
  entry: AlertableAdjustment,
  alertKey: string,
  userName: string | undefined,
  context: HandlerContext,
): Alert {
  const { queueId, userId, adjustment } = entry;
  return {
    // Stable across retries of the job, so the receiver can drop a repeat.
    id: `${context.job.id}:${alertKey}`,
    kind: "skill-adjustment",
    severity: "warning",
    title: "Automatic skill adjustment needs a look",
    text: formatSupervisorAlert(
      { kind: "adjust", userId, ...adjustment },
      { userName, skillName: adjustment.skillName ?? undefined },
    ),
    occurredAtMs: context.nowMs(),
    details: {
      queueId,
      userId,
      userName: userName ?? null,
      skillId: adjustment.skillId,
      skillName: adjustment.skillName,
      from: adjustment.from,
      to: adjustment.to,
      target: adjustment.target,
      clamped: adjustment.clamped,
    },
  };
}

/**
 * Tells supervisors about each written adjustment core flagged for an alert, through the alert channel
 * (the signed JSON webhook of `@routing/alert-channels`: Genesys has no ad-hoc alert API, and its user chat
 * needs a user token this platform does not have). Each alert is recorded under the job id once delivered,
 * so a retried job sends only what is missing. A receiver that keeps failing fails the job for a retry; one
 * that refuses an alert for good is counted and logged without undoing the adjustments already made.
 */
export async function sendSupervisorAlerts(
  alertable: readonly AlertableAdjustment[],
  context: HandlerContext,
): Promise<AlertDelivery> {
  if (alertable.length === 0) return { sent: 0, failed: 0 };
  const channel = context.alerts;
  if (channel === undefined) {
    context.metrics.supervisorAlerts.inc({ result: "no-channel" }, alertable.length);
    context.logger.warn(
      { alerts: alertable.length },
      "skill adjustments need a supervisor's look but WORKER_ALERT_WEBHOOK_URL is not set",
    );
    return { sent: 0, failed: 0 };
  }
  const names = await memberNames(
    context,
    alertable.map((entry) => entry.queueId),
  );
  let sent = 0;
  let failed = 0;
  for (const entry of alertable) {
    const alertKey = `${entry.queueId}:${entry.userId}:${entry.adjustment.skillId}`;
    if (await context.adjustmentLedger.alertSent(context.job.id, alertKey)) continue;
    const alert = alertOf(entry, alertKey, names.get(entry.userId), context);
    try {
      await channel.send(alert, context.signal === undefined ? {} : { signal: context.signal });
    } catch (error) {
      if (!(error instanceof AlertDeliveryError) || !error.permanent) throw error;
      failed++;
      context.metrics.supervisorAlerts.inc({ result: "failed" });
      context.logger.error(
        { err: error, channel: channel.description, alertId: alert.id },
        "supervisor alert refused by the alert channel",
      );
      continue;
    }
    await context.adjustmentLedger.recordAlertSent(context.job.id, alertKey);
    context.metrics.supervisorAlerts.inc({ result: "sent" });
    sent++;
  }
  return { sent, failed };
}

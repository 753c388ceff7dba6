import { formatSupervisorAlert } from "@routing/core";
import { GenesysRateLimitError, isPermanentGenesysError } from "@routing/genesys-client";
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

/**
 * Tells every configured supervisor about each written adjustment core flagged for an alert, by Genesys
 * user chat (Genesys has no ad-hoc alert API). Each (adjustment, supervisor) message is recorded under the
 * job id once sent, so a retried job sends only what is missing. A 429 or a transient failure fails the
 * job for a retry; a permanent one (say, a supervisor id that does not exist) is counted and logged
 * without undoing the adjustments already made.
 */
export async function sendSupervisorAlerts(
  alertable: readonly AlertableAdjustment[],
  context: HandlerContext,
): Promise<AlertDelivery> {
  const supervisors = context.policy.supervisorUserIds;
  if (alertable.length === 0) return { sent: 0, failed: 0 };
  if (supervisors.length === 0) {
    context.metrics.supervisorAlerts.inc({ result: "no-supervisor" }, alertable.length);
    context.logger.warn(
      { alerts: alertable.length },
      "skill adjustments need a supervisor's look but WORKER_SUPERVISOR_USER_IDS is empty",
    );
    return { sent: 0, failed: 0 };
  }
  const names = await memberNames(
    context,
    alertable.map((entry) => entry.queueId),
  );
  let sent = 0;
  let failed = 0;
  for (const { queueId, userId, adjustment } of alertable) {
    const message = formatSupervisorAlert(
      { kind: "adjust", userId, ...adjustment },
      { userName: names.get(userId), skillName: adjustment.skillName ?? undefined },
    );
    for (const supervisorId of supervisors) {
      const alertKey = `${queueId}:${userId}:${adjustment.skillId}:${supervisorId}`;
      if (await context.adjustmentLedger.alertSent(context.job.id, alertKey)) continue;
      try {
        await context.genesys.chats.sendUserChatMessage(supervisorId, message, callOptions(context));
      } catch (error) {
        if (error instanceof GenesysRateLimitError || !isPermanentGenesysError(error)) throw error;
        failed++;
        context.metrics.supervisorAlerts.inc({ result: "failed" });
        context.logger.error({ err: error, supervisorId, userId }, "supervisor alert could not be delivered");
        continue;
      }
      await context.adjustmentLedger.recordAlertSent(context.job.id, alertKey);
      context.metrics.supervisorAlerts.inc({ result: "sent" });
      sent++;
    }
  }
  return { sent, failed };
}

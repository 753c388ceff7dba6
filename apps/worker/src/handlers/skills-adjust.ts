import type { JobPayload } from "@routing/jobs";
import { SkillAdjustmentNotConfiguredError } from "../errors.js";
import { readQueuePerformance } from "../genesys/queue-performance.js";
import { callOptions, type HandlerContext, type JobHandler } from "../handler-context.js";
import type { JsonValue } from "../job-outcome.js";
import { adjustAgentSkills } from "../skill-adjustment/agent-adjustment.js";
import { type AlertableAdjustment, sendSupervisorAlerts } from "../skill-adjustment/supervisor-alerts.js";

/** Bull Board shows the return value; past this many adjustments it lists the count only. */
const LISTED_ADJUSTMENTS = 100;

function targetsOf(
  payload: JobPayload<"skills.adjust">,
  context: HandlerContext,
): { queueId: string; skillIds: readonly string[] }[] {
  const configured = context.policy.skillAdjustmentTargets;
  const queueIds = payload.queueId === undefined ? [...configured.keys()] : [payload.queueId];
  if (queueIds.length === 0) {
    throw new SkillAdjustmentNotConfiguredError(
      "no queue to adjust: the job names none and WORKER_SKILL_ADJUSTMENT_TARGETS is empty",
    );
  }
  return queueIds.map((queueId) => {
    const skillIds = configured.get(queueId);
    if (skillIds === undefined) {
      throw new SkillAdjustmentNotConfiguredError(
        `queue ${queueId} has no skill to adjust: add "${queueId}:<skillId>" to WORKER_SKILL_ADJUSTMENT_TARGETS`,
      );
    }
    return { queueId, skillIds };
  });
}

/**
 * Automatic skill adjustment from measured performance: per configured queue, handle time and CSAT per
 * agent from two analytics aggregate queries, then core's decision per (agent, target skill) against the
 * agent's CURRENT proficiency, written with one bulk PATCH per agent unless the job is a dry run.
 * Supervisors are alerted about large wanted changes that were written.
 */
export const adjustSkills: JobHandler<"skills.adjust"> = async (payload, context) => {
  const targets = targetsOf(payload, context);
  const interval = `${new Date(payload.intervalStartMs).toISOString()}/${new Date(payload.intervalEndMs).toISOString()}`;
  const written: AlertableAdjustment[] = [];
  let agents = 0;
  let unchanged = 0;
  let notHeld = 0;
  for (const { queueId, skillIds } of targets) {
    const performance = await readQueuePerformance(context.genesys, queueId, interval, callOptions(context));
    for (const [userId, agentPerformance] of performance) {
      const result = await adjustAgentSkills(
        { queueId, userId, skillIds, performance: agentPerformance, dryRun: payload.dryRun },
        context,
      );
      agents++;
      unchanged += result.unchanged;
      notHeld += result.notHeld;
      for (const adjustment of result.adjustments) written.push({ queueId, userId, adjustment });
    }
  }
  const alerts = payload.dryRun
    ? { sent: 0, failed: 0 }
    : await sendSupervisorAlerts(
        written.filter((entry) => entry.adjustment.alert),
        context,
      );
  const listed: JsonValue[] = written.slice(0, LISTED_ADJUSTMENTS).map(({ queueId, userId, adjustment }) => ({
    queueId,
    userId,
    skillId: adjustment.skillId,
    from: adjustment.from,
    to: adjustment.to,
    target: adjustment.target,
    alert: adjustment.alert,
  }));
  return {
    status: payload.dryRun ? "dry-run" : "adjusted",
    queues: targets.length,
    agents,
    adjustmentCount: written.length,
    adjustments: listed,
    unchanged,
    notHeld,
    wantedAlerts: written.filter((entry) => entry.adjustment.alert).length,
    alertsSent: alerts.sent,
    alertsFailed: alerts.failed,
  };
};

import type { JobHandler } from "../handler-context.js";
import type { JsonValue } from "../job-outcome.js";
import { confirmQueue } from "./confirm-queue.js";
import { countDrift, DRIFT_FIELDS } from "./drift.js";
import { oldestFirst, queuesToConsider } from "./followed-queues.js";
import { isReconcileDue } from "./reconcile-schedule.js";
import { countDriftMetric } from "./roster-metrics.js";

/**
 * The periodic re-read that keeps the roster honest: the followed queues that are due (`reconcile-schedule.ts`:
 * the interval doubles after each run that repaired nothing) are listed again, confirmed longest ago first
 * (lane `reconciliation`), as many as the reconciliation's share of the budget allows this run; what the
 * roster held wrong is counted per field (`routing_roster_drift_total{queue_id, field}`) and repaired by the
 * same versioned writes as a seed. A run with no credit left does nothing.
 */
export const reconcileRoster: JobHandler<"roster.reconcile"> = async (payload, context) => {
  const { roster } = context;
  const considered = await queuesToConsider(context, payload.queueId);
  if (considered.length === 0) return { status: "no-followed-queues", queues: 0 };
  // A queue the job names is read whenever asked; the scheduled runs read the queues that are due.
  const nowMs = context.nowMs();
  const due =
    payload.queueId === undefined
      ? considered.filter((status) => isReconcileDue(status, nowMs, roster.config))
      : considered;
  const statuses = oldestFirst(due, (status) => status.meta.confirmedAtMs);
  const notDue = considered.length - due.length;
  if (statuses.length === 0) return { status: "none-due", queues: 0, notDue };
  let credit = await roster.reconcileBudget.refill();
  const reconciled: JsonValue[] = [];
  for (const { queueId } of statuses) {
    if (credit <= 0) break;
    const before = await roster.store.readQueueRoster(queueId);
    const confirmed = await confirmQueue(
      context,
      queueId,
      "reconcile",
      "reconciliation",
      before.staleUntilMs,
    );
    credit = await roster.reconcileBudget.spend(confirmed.pages);
    const drift = countDrift(before.members, confirmed.listed, confirmed.readAtMs);
    countDriftMetric(roster.metrics, queueId, drift);
    roster.metrics.reads.inc({ kind: "reconcile", result: "done" });
    const total = DRIFT_FIELDS.reduce((sum, field) => sum + drift[field], 0);
    await roster.store.recordReconciliation(queueId, total > 0);
    if (total > 0) context.logger.warn({ queueId, drift }, "roster drift found and repaired");
    reconciled.push({ queueId, requests: confirmed.pages, listed: confirmed.listed.length, drift });
  }
  const skipped = statuses.length - reconciled.length;
  if (skipped > 0) roster.metrics.reads.inc({ kind: "reconcile", result: "skipped-budget" }, skipped);
  return {
    status: reconciled.length === 0 ? "no-budget" : "reconciled",
    queues: reconciled.length,
    notDue,
    skippedForBudget: skipped,
    reconciled,
    creditLeft: credit,
  };
};

import type { QueueStatus } from "@routing/roster";

/**
 * When reconciliations of a queue happen (the worker's roster configuration holds these): the base
 * interval, doubled after each one that repaired nothing.
 */
export interface ReconcileSchedule {
  /** WORKER_ROSTER_RECONCILE_INTERVAL_SECONDS: the interval after a reconciliation that repaired something. */
  readonly reconcileIntervalMs: number;
  /** WORKER_ROSTER_RECONCILE_MAX_INTERVAL_SECONDS: the longest the interval grows to. */
  readonly reconcileMaxIntervalMs: number;
  /** The roster's `maxConfirmedAgeMs`: a queue is reconciled within half of it, never left to go stale. */
  readonly maxConfirmedAgeMs: number;
}

/**
 * How long after its last complete read a queue is due again. Reconciliation is the safety net for events
 * that never came; while it keeps finding nothing, the events are doing the work and each clean run
 * doubles the wait (60 s, 2 min, 4 min, ... up to the cap), and the first repair brings it back to the
 * base. The budget it saves goes to decisions; a queue that drifts is still read every base interval.
 */
export function reconcileIntervalMs(cleanReconciliations: number, schedule: ReconcileSchedule): number {
  const base = schedule.reconcileIntervalMs;
  const cap = Math.min(schedule.reconcileMaxIntervalMs, Math.floor(schedule.maxConfirmedAgeMs / 2));
  const doublings = Math.min(Math.max(0, Math.floor(cleanReconciliations)), 30);
  return Math.max(base, Math.min(cap, base * 2 ** doublings));
}

/**
 * Pure: whether a run at `nowMs` should read the queue. A stale queue or one never read is always due; the
 * others once their interval since the last complete read (seed, refresh or reconciliation) has passed.
 */
export function isReconcileDue(status: QueueStatus, nowMs: number, schedule: ReconcileSchedule): boolean {
  const confirmedAtMs = status.meta.confirmedAtMs;
  if (status.stale || confirmedAtMs === undefined) return true;
  return nowMs - confirmedAtMs >= reconcileIntervalMs(status.meta.cleanReconciliations, schedule);
}

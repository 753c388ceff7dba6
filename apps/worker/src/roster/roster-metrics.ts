import { Counter, type Registry } from "prom-client";
import type { DriftField } from "./drift.js";

export interface RosterMetrics {
  /** Fixed name: alert rules are written against it. */
  readonly drift: Counter<"queue_id" | "field">;
  readonly reads: Counter<"kind" | "result">;
}

/**
 * The worker's roster series. `queue_id` is a label here (unlike elsewhere): a deployment follows a bounded,
 * configured set of queues, and an SRE needs to know which queue's roster drifts.
 */
export function createRosterMetrics(registry: Registry): RosterMetrics {
  const registers = [registry];
  return {
    drift: new Counter({
      name: "routing_roster_drift_total",
      help: "Fields the roster held wrong when a reconciliation re-read the queue (then repaired), by queue and field",
      labelNames: ["queue_id", "field"] as const,
      registers,
    }),
    reads: new Counter({
      name: "worker_roster_reads_total",
      help: "Roster reads from Genesys by kind (seed, member, reconcile, skills, csat, decision) and result (done, skipped-budget, already-confirmed, failed)",
      labelNames: ["kind", "result"] as const,
      registers,
    }),
  };
}

export function countDriftMetric(
  metrics: RosterMetrics,
  queueId: string,
  counts: Record<DriftField, number>,
): void {
  for (const [field, count] of Object.entries(counts)) {
    // Every field is created at 0 so that rate() sees the series before its first drift.
    metrics.drift.inc({ queue_id: queueId, field }, count);
  }
}

import { Counter, Histogram, type Registry } from "prom-client";

/**
 * Shadow mode and decision log series. `queue_id` is a label (as on the roster's series): shadow mode is
 * configured for a few named queues (WORKER_SHADOW_QUEUE_IDS), so the set is bounded.
 */
export interface DecisionRecordMetrics {
  /** Fixed name: the shadow rollout's dashboards and alerts are written against it. */
  readonly shadowComparisons: Counter<"queue_id" | "agreed">;
  readonly shadowScoreGap: Histogram<"queue_id">;
  readonly decisionLogWrites: Counter<"result">;
}

export function createDecisionRecordMetrics(
  registry: Registry,
  shadowQueueIds: Iterable<string>,
): DecisionRecordMetrics {
  const registers = [registry];
  const metrics: DecisionRecordMetrics = {
    shadowComparisons: new Counter({
      name: "routing_shadow_comparisons_total",
      help: "Shadow-mode offers compared with our top-ranked agent of the shadow decision, by queue and agreement (agreed = Genesys offered our top agent)",
      labelNames: ["queue_id", "agreed"] as const,
      registers,
    }),
    shadowScoreGap: new Histogram({
      name: "routing_shadow_score_gap",
      help: "Shadow mode: our top rank score minus the offered agent's score in our ranking (0-1; 0 when they agree)",
      labelNames: ["queue_id"] as const,
      buckets: [0, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1],
      registers,
    }),
    decisionLogWrites: new Counter({
      name: "worker_decision_log_writes_total",
      help: "Decision records written to the decision log (written) or lost (failed: logged, the job still completes)",
      labelNames: ["result"] as const,
      registers,
    }),
  };
  // Born at 0, so that the first comparison or failure after a start shows in increase().
  for (const queueId of shadowQueueIds) {
    for (const agreed of ["true", "false"]) metrics.shadowComparisons.inc({ queue_id: queueId, agreed }, 0);
    metrics.shadowScoreGap.zero({ queue_id: queueId });
  }
  for (const result of ["written", "failed"]) metrics.decisionLogWrites.inc({ result }, 0);
  return metrics;
}

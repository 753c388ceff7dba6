import type { PreferredAgentRouting } from "@routing/core";
import type { HandlerContext } from "../handler-context.js";

/**
 * Counts a scoring decision whose queue's rules make our scores inert
 * (`worker_scores_inert_total{queue_id, reason}`, reasons: core's closed `InertScoresReason`), and warns
 * in the log once per read of the queue's configuration (not once per conversation).
 */
export function reportInertScores(
  context: Pick<HandlerContext, "metrics" | "logger">,
  queueId: string,
  routing: PreferredAgentRouting,
  freshConfiguration: boolean,
): void {
  const reason = routing.warning;
  if (reason === undefined) return;
  context.metrics.scoresInert.inc({ queue_id: queueId, reason });
  if (!freshConfiguration) return;
  context.logger.warn(
    { queueId, reason, scoresUsed: routing.scoresUsed },
    reason === "no-routing-rules"
      ? "queue has no preferred agent routing rules: Genesys ignores requestScoredAgents, so none are sent"
      : "a MEETS_THRESHOLD routing rule of the queue has a threshold no agent score (0-100) can meet",
  );
}

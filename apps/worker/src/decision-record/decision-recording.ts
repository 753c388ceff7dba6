import type { DecisionLog, ShadowStore } from "@routing/decision-log";
import type { JobName, JobPayload } from "@routing/jobs";
import type { Logger } from "@routing/service-kit";
import type { JobOutcome } from "../job-outcome.js";
import type { CapturedCalls } from "./genesys-call-capture.js";
import { isDecisionJob, type JobDecision, startJobDecision } from "./job-decision.js";
import { compareOffer, latestShadowRanking } from "./shadow-comparison.js";
import type { DecisionRecordMetrics } from "./shadow-metrics.js";

/** Records a conversation keeps (the log's default cap): the shadow decision is among the latest. */
const COMPARISON_LOOKBACK = 20;

export interface DecisionRecordingOptions {
  readonly log: DecisionLog;
  readonly shadowStore: ShadowStore;
  /** Lower-case queue ids (WORKER_SHADOW_QUEUE_IDS). */
  readonly shadowQueueIds: ReadonlySet<string>;
  readonly metrics: DecisionRecordMetrics;
  readonly nowMs: () => number;
}

/** The decision log and shadow mode, as the job processor uses them around each decision job. */
export interface DecisionRecording {
  /** A decision job's recorder; undefined for the other jobs. */
  start(
    job: { readonly [Name in JobName]: { name: Name; payload: JobPayload<Name> } }[JobName],
    meta: { readonly jobId: string; readonly attempt: number },
  ): JobDecision | undefined;
  /**
   * After the handler returned: compares a shadow offer, writes the record. Neither ever fails the job
   * (its Genesys write is done): a failure is logged and counted. Returns the outcome, marked
   * `shadow: true` in shadow mode.
   */
  complete(
    decision: JobDecision,
    outcome: JobOutcome,
    calls: CapturedCalls,
    logger: Logger,
  ): Promise<JobOutcome>;
}

export function createDecisionRecording(options: DecisionRecordingOptions): DecisionRecording {
  const { log, metrics } = options;

  const compare = async (decision: JobDecision, offeredUserId: string, logger: Logger) => {
    const { records } = await log.byConversation(decision.conversationId, { limit: COMPARISON_LOOKBACK });
    const shadowed = latestShadowRanking(records);
    const comparison = shadowed === undefined ? undefined : compareOffer(shadowed, offeredUserId);
    if (comparison === undefined) {
      logger.debug(
        { conversationId: decision.conversationId },
        "no shadow ranking to compare the offer with",
      );
      return;
    }
    const counted = await options.shadowStore.record({
      comparisonId: decision.jobId,
      queueId: decision.queueId,
      ...comparison,
    });
    if (!counted) return;
    metrics.shadowComparisons.inc({ queue_id: decision.queueId, agreed: String(comparison.agreed) });
    metrics.shadowScoreGap.observe({ queue_id: decision.queueId }, comparison.scoreGap);
  };

  return {
    start(job, meta) {
      if (!isDecisionJob(job)) return undefined;
      const shadow = options.shadowQueueIds.has(job.payload.queueId.toLowerCase());
      return startJobDecision(job, {
        ...meta,
        startedAtMs: options.nowMs(),
        shadow,
        candidatesKept: log.options.maxCandidatesPerRecord,
      });
    },
    async complete(decision, outcome, calls, logger) {
      if (decision.shadow && decision.offeredUserId !== undefined) {
        // Before this job's own record is written: the comparison is with the decision Genesys was offered.
        await compare(decision, decision.offeredUserId, logger).catch((error: unknown) =>
          logger.warn({ err: error }, "shadow comparison failed; not counted"),
        );
      }
      const input = decision.record(outcome, calls.calls, options.nowMs());
      if (input !== undefined) {
        try {
          const record = await log.write(input);
          metrics.decisionLogWrites.inc({ result: "written" });
          logger.debug({ decisionId: record.decisionId, callsOmitted: calls.omitted }, "decision logged");
        } catch (error) {
          metrics.decisionLogWrites.inc({ result: "failed" });
          logger.warn({ err: error }, "decision not logged");
        }
      }
      return decision.shadow ? { ...outcome, shadow: true } : outcome;
    },
  };
}

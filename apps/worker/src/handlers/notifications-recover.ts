import type { AnalyticsConversation, ConversationDetailQuery } from "@routing/genesys-client";
import { decisionsFor, type NoDecisionReason, readAnalyticsConversation } from "@routing/jobs";
import { callOptions, type HandlerContext, type JobHandler } from "../handler-context.js";
import { queueIdOfTopic } from "../recovery/queue-topics.js";

const DAY_MS = 86_400_000;
/**
 * How far before the gap the query starts. Genesys only searches conversations that started on a UTC day
 * the interval touches, so a customer who arrived yesterday and was re-queued during the gap needs the
 * interval to reach into yesterday: a day before the gap always does.
 */
const LOOKBACK_MS = DAY_MS;
/** Genesys refuses detail queries over more than 7 days; a very old gap is searched as far as allowed. */
const MAX_INTERVAL_MS = 7 * DAY_MS - 60_000;

interface RecoveryCounts {
  conversationsSeen: number;
  jobsEnqueued: number;
  duplicates: number;
  rejected: number;
  noDecision: Partial<Record<NoDecisionReason | "malformed-detail", number>>;
}

/** Conversations of the queue that have not ended, from shortly before the gap until now. */
function stillGoingOn(
  queueId: string,
  fromMs: number,
  nowMs: number,
): Omit<ConversationDetailQuery, "paging"> {
  const startMs = Math.max(fromMs - LOOKBACK_MS, nowMs - MAX_INTERVAL_MS);
  return {
    interval: `${new Date(startMs).toISOString()}/${new Date(nowMs).toISOString()}`,
    order: "asc",
    orderBy: "conversationStart",
    segmentFilters: [
      { type: "and", predicates: [{ type: "dimension", dimension: "queueId", value: queueId }] },
    ],
    conversationFilters: [
      {
        type: "and",
        predicates: [{ type: "dimension", dimension: "conversationEnd", operator: "notExists" }],
      },
    ],
  };
}

async function recoverConversation(
  conversation: AnalyticsConversation,
  queueId: string,
  observedAtMs: number,
  counts: RecoveryCounts,
  context: HandlerContext,
): Promise<void> {
  counts.conversationsSeen += 1;
  // The same rule as the ingester's (decisionsFor), read from the analytics shape of the conversation.
  const snapshot = readAnalyticsConversation(conversation, queueId, observedAtMs);
  if (snapshot === undefined) {
    counts.noDecision["malformed-detail"] = (counts.noDecision["malformed-detail"] ?? 0) + 1;
    return;
  }
  const { jobs, rejected, noJobReason } = decisionsFor(snapshot);
  if (noJobReason !== undefined) counts.noDecision[noJobReason] = (counts.noDecision[noJobReason] ?? 0) + 1;
  for (const refused of rejected) {
    // One malformed conversation must not cost the others their recovery: counted, logged, skipped.
    counts.rejected += 1;
    context.metrics.recoveredJobs.inc({ job_name: refused.jobName, result: "rejected" });
    context.logger.warn(
      { conversationId: snapshot.conversationId, jobName: refused.jobName, field: refused.field },
      "recovered decision refused by the job catalog",
    );
  }
  for (const job of jobs) {
    const { duplicate } = await context.jobs.enqueue(job);
    if (duplicate) counts.duplicates += 1;
    else counts.jobsEnqueued += 1;
    context.metrics.recoveredJobs.inc({ job_name: job.name, result: duplicate ? "duplicate" : "new" });
  }
}

/**
 * Genesys never replays notification events sent while no socket was connected. For each queue topic of
 * the gap, the conversations still going on are read back over REST (the analytics detail query, through
 * the budgeted client) and turned into the decision jobs the missed events would have given. The catalog
 * ids are the same as the ingester's, so a decision it already queued is a duplicate, not a second job;
 * running the same recovery again adds nothing.
 */
export const recoverNotifications: JobHandler<"notifications.recover"> = async (payload, context) => {
  const nowMs = context.nowMs();
  const counts: RecoveryCounts = {
    conversationsSeen: 0,
    jobsEnqueued: 0,
    duplicates: 0,
    rejected: 0,
    noDecision: {},
  };
  const queueIds = [...new Set(payload.topics.flatMap((topic) => queueIdOfTopic(topic) ?? []))];
  try {
    // One queue after another: the Genesys budget is shared with the decisions on the critical path.
    for (const queueId of queueIds) {
      const conversations = context.genesys.analytics.listConversationDetails(
        stillGoingOn(queueId, payload.fromMs, nowMs),
        // Conversations end while the pages are read: a listing of several pages is read until it settles.
        { ...callOptions(context), live: true },
      );
      for await (const conversation of conversations) {
        await recoverConversation(conversation, queueId, nowMs, counts, context);
      }
    }
  } catch (error) {
    context.metrics.notificationRecoveries.inc({ result: "failed" });
    throw error;
  }
  context.metrics.notificationRecoveries.inc({ result: "recovered" });
  context.logger.info({ queues: queueIds.length, ...counts }, "notification gap recovered");
  return {
    status: "recovered",
    queues: queueIds.length,
    // Topics other than a queue's conversations have no decision to recover.
    topicsSkipped:
      payload.topics.length - payload.topics.filter((topic) => queueIdOfTopic(topic) !== undefined).length,
    conversationsSeen: counts.conversationsSeen,
    jobsEnqueued: counts.jobsEnqueued,
    duplicates: counts.duplicates,
    rejected: counts.rejected,
    noDecision: counts.noDecision,
  };
};

import { FOLLOWED_WITHIN_MS, type UserObservation } from "@routing/roster";
import {
  anyQueueFilter,
  chunk,
  intervalEndingAt,
  type MetricTotals,
  QUEUES_PER_QUERY,
  totalsBy,
} from "../genesys/aggregate-totals.js";
import { callOptions, type JobHandler } from "../handler-context.js";

/** `oSurveyTotalScore` is a 0–100 score (core's skill adjustment reads it on the same scale). */
const SURVEY_SCALE = 100;
const ANALYTICS_CHUNK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Live CSAT per agent for the ranking: one survey aggregates query per 50 followed queues
 * (`POST /api/v2/analytics/surveys/aggregates/query`, groupBy `userId`, metric `oSurveyTotalScore`,
 * platform-client-sdk-javascript docs/AnalyticsApi.md `postAnalyticsSurveysAggregatesQuery`) over the CSAT
 * window, lane `maintenance`, within the CSAT share of the budget. Each joined member's average score / 100
 * is written to the roster (`csat`, versioned by when the query was sent), so `rosterCandidates` carries it
 * to core's ranking. A member without survey responses in the window keeps what the roster holds (or
 * none: core's CSAT fallback).
 */
export const refreshRosterCsat: JobHandler<"roster.csat-refresh"> = async (_payload, context) => {
  const { roster } = context;
  const settings = context.csat;
  const queueIds = await roster.store.followedQueues(FOLLOWED_WITHIN_MS);
  if (queueIds.length === 0) return { status: "no-followed-queues", agents: 0 };
  let credit = await settings.budget.refill();
  if (credit <= 0) {
    roster.metrics.reads.inc({ kind: "csat", result: "skipped-budget" });
    return { status: "no-budget", agents: 0, creditLeft: credit };
  }
  const readAtMs = context.nowMs();
  const interval = intervalEndingAt(readAtMs, settings.windowMs);
  const totals = new Map<string, MetricTotals>();
  let requests = 0;
  for (const queues of chunk(queueIds, QUEUES_PER_QUERY)) {
    const response = await context.genesys.analytics.querySurveyAggregates(
      { interval, groupBy: ["userId"], metrics: ["oSurveyTotalScore"], filter: anyQueueFilter(queues) },
      { ...callOptions(context), lane: "maintenance" },
    );
    // The client splits windows longer than its analytics chunk (7 days by default) into one request each.
    requests += Math.ceil(settings.windowMs / ANALYTICS_CHUNK_MS);
    totalsBy(response, "userId", "oSurveyTotalScore", totals);
  }
  credit = await settings.budget.spend(requests);
  // Only members of followed queues: the roster holds no one else.
  const members = new Set<string>();
  for (const queueId of queueIds) {
    for (const userId of await roster.store.joinedMembers(queueId)) members.add(userId);
  }
  const observations: UserObservation[] = [];
  for (const [userId, total] of totals) {
    if (!members.has(userId) || total.count < settings.minResponses) continue;
    const csat = Math.min(1, Math.max(0, total.sum / total.count / SURVEY_SCALE));
    observations.push({ userId, csat, readAtMs });
  }
  // Quiet where a CSAT is unchanged: the queues' csatRefreshedAt tells every reader it was read now.
  const refresh = roster.store.beginRefresh("csat", queueIds, readAtMs);
  const changed = observations.length === 0 ? 0 : await refresh.applyPage(observations);
  await refresh.finish();
  roster.metrics.reads.inc({ kind: "csat", result: "done" });
  return { status: "refreshed", agents: observations.length, changed, requests, creditLeft: credit };
};

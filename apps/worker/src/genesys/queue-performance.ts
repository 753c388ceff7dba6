import type { AgentPerformance } from "@routing/core";
import type {
  AggregateQueryFilter,
  AggregateQueryResponse,
  CallOptions,
  GenesysClient,
} from "@routing/genesys-client";

interface Totals {
  count: number;
  sum: number;
}

/**
 * Sums one metric's count and sum per `userId` group. Genesys splits conversation aggregates further
 * (by media type, for one), so one agent can come back in several groups.
 */
function totalsByUser(response: AggregateQueryResponse, metric: string): Map<string, Totals> {
  const totals = new Map<string, Totals>();
  for (const result of response.results ?? []) {
    const userId = result.group?.userId;
    if (userId === undefined) continue;
    for (const point of result.data ?? []) {
      for (const entry of point.metrics) {
        const { count, sum } = entry.stats;
        if (entry.metric !== metric || count === undefined || sum === undefined) continue;
        const total = totals.get(userId) ?? { count: 0, sum: 0 };
        total.count += count;
        total.sum += sum;
        totals.set(userId, total);
      }
    }
  }
  return totals;
}

/**
 * Each agent's measured performance on a queue over `interval` ("start/end"): handled conversations and
 * average handle time from `tHandle` (milliseconds in Genesys), CSAT from `oSurveyTotalScore` (0–100),
 * null when the agent had no survey responses. Two aggregate queries, whatever the number of agents.
 */
export async function readQueuePerformance(
  client: GenesysClient,
  queueId: string,
  interval: string,
  options: CallOptions,
): Promise<Map<string, AgentPerformance>> {
  const filter: AggregateQueryFilter = {
    type: "and",
    predicates: [{ dimension: "queueId", operator: "matches", value: queueId }],
  };
  const handled = await client.analytics.queryConversationAggregates(
    { interval, groupBy: ["userId"], metrics: ["tHandle"], filter },
    options,
  );
  const surveys = await client.analytics.querySurveyAggregates(
    { interval, groupBy: ["userId"], metrics: ["oSurveyTotalScore"], filter },
    options,
  );
  const handleTotals = totalsByUser(handled, "tHandle");
  const surveyTotals = totalsByUser(surveys, "oSurveyTotalScore");
  const performance = new Map<string, AgentPerformance>();
  for (const [userId, handle] of [...handleTotals].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (handle.count <= 0) continue;
    const survey = surveyTotals.get(userId);
    performance.set(userId, {
      conversations: handle.count,
      averageHandleTimeSeconds: handle.sum / handle.count / 1000,
      csat: survey === undefined || survey.count <= 0 ? null : survey.sum / survey.count,
      csatScale: 100,
    });
  }
  return performance;
}

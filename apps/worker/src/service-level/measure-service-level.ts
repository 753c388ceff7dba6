import { slaTargetFromQueueServiceLevel } from "@routing/core";
import {
  anyQueueFilter,
  chunk,
  intervalEndingAt,
  type MetricTotals,
  QUEUES_PER_QUERY,
  totalsBy,
} from "../genesys/aggregate-totals.js";
import { callOptions, type HandlerContext, type JobHandler } from "../handler-context.js";
import type { JsonValue } from "../job-outcome.js";
import { queuesToConsider } from "../roster/followed-queues.js";

/** Analytics name a call "voice"; queue media settings call it "call". */
const MEDIA_SETTING_OF: Readonly<Record<string, string>> = { voice: "call" };

/** The queue's target for the media type that carried most of the measured contacts. */
async function targetOf(
  context: HandlerContext,
  queueId: string,
  byMedia: ReadonlyMap<string, MetricTotals>,
): Promise<{ percent: number; seconds: number } | undefined> {
  const { configuration } = await context.queueConfigurations.get(queueId, callOptions(context));
  const levels = configuration.serviceLevels;
  const ranked = [...byMedia].sort(([, a], [, b]) => b.denominator - a.denominator);
  for (const [media] of ranked) {
    const level = levels[MEDIA_SETTING_OF[media] ?? media];
    if (level !== undefined) return slaTargetFromQueueServiceLevel(level);
  }
  const [any] = Object.values(levels);
  return any === undefined ? undefined : slaTargetFromQueueServiceLevel(any);
}

/**
 * Each followed queue's service level over the last window: one conversation aggregates query per 50
 * queues (`POST /api/v2/analytics/conversations/aggregates/query`, groupBy `queueId`, metric `oServiceLevel`
 * whose stats are `{ numerator, denominator, ratio }`; platform-client-sdk-javascript docs/AnalyticsApi.md
 * `postAnalyticsConversationsAggregatesQuery`), lane `maintenance`, within its share of the budget. The
 * media-type groups Genesys splits into are summed per queue; the target is the queue's own
 * (`mediaSettings.<media>.serviceLevel`, from the cached queue configuration). Cached in Redis, where
 * `weightsFor` reads it for every scoring decision.
 */
export const measureServiceLevels: JobHandler<"queues.service-level"> = async (payload, context) => {
  const settings = context.serviceLevel;
  const queueIds = (await queuesToConsider(context, payload.queueId)).map((status) => status.queueId);
  if (queueIds.length === 0) return { status: "no-followed-queues", queues: 0 };
  let credit = await settings.budget.refill();
  if (credit <= 0) return { status: "no-budget", queues: 0, creditLeft: credit };
  const measuredAtMs = context.nowMs();
  const interval = intervalEndingAt(measuredAtMs, settings.windowMs);
  const measured: JsonValue[] = [];
  for (const queues of chunk(queueIds, QUEUES_PER_QUERY)) {
    if (credit <= 0) break;
    const response = await context.genesys.analytics.queryConversationAggregates(
      { interval, groupBy: ["queueId"], metrics: ["oServiceLevel"], filter: anyQueueFilter(queues) },
      { ...callOptions(context), lane: "maintenance" },
    );
    credit = await settings.budget.spend(1);
    for (const queueId of queues) {
      const ofQueue = {
        ...response,
        results: (response.results ?? []).filter((result) => result.group?.queueId === queueId),
      };
      const byMedia = totalsBy(ofQueue, "mediaType", "oServiceLevel");
      const total = totalsBy(ofQueue, "queueId", "oServiceLevel").get(queueId);
      if (total === undefined || total.denominator <= 0) {
        measured.push({ queueId, contacts: 0 });
        continue;
      }
      const target = await targetOf(context, queueId, byMedia);
      if (target === undefined) {
        context.logger.warn({ queueId }, "queue has no service level target: its weights stay the base ones");
        measured.push({ queueId, contacts: total.denominator, target: null });
        continue;
      }
      await context.serviceLevels.record({
        queueId,
        numerator: total.numerator,
        denominator: total.denominator,
        target,
        measuredAtMs,
        windowMs: settings.windowMs,
      });
      measured.push({ queueId, contacts: total.denominator, fraction: total.numerator / total.denominator });
    }
  }
  return { status: "measured", queues: measured.length, measured, creditLeft: credit };
};

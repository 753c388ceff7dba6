import type { AggregateQueryFilter, AggregateQueryResponse } from "@routing/genesys-client";

/**
 * Genesys' analytics accept a limited number of predicates per filter; followed queues are asked about in
 * groups of this many (one request each).
 */
export const QUEUES_PER_QUERY = 50;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** `queueId` matches any of these queues. */
export function anyQueueFilter(queueIds: readonly string[]): AggregateQueryFilter {
  return {
    type: "or",
    predicates: queueIds.map((value) => ({ dimension: "queueId", operator: "matches" as const, value })),
  };
}

/** The `start/end` interval of the `windowMs` that ends at `endMs`. */
export function intervalEndingAt(endMs: number, windowMs: number): string {
  return `${new Date(endMs - windowMs).toISOString()}/${new Date(endMs).toISOString()}`;
}

export interface MetricTotals {
  count: number;
  sum: number;
  numerator: number;
  denominator: number;
}

/**
 * Sums one metric per value of `dimension` across every group and interval of an aggregate answer
 * (Genesys splits further than asked, by media type for one): count and sum for averages, numerator and
 * denominator for ratios such as `oServiceLevel`.
 */
export function totalsBy(
  response: AggregateQueryResponse,
  dimension: string,
  metric: string,
  into: Map<string, MetricTotals> = new Map(),
): Map<string, MetricTotals> {
  for (const result of response.results ?? []) {
    const key = result.group?.[dimension];
    if (key === undefined) continue;
    for (const point of result.data ?? []) {
      for (const entry of point.metrics) {
        if (entry.metric !== metric) continue;
        const total = into.get(key) ?? { count: 0, sum: 0, numerator: 0, denominator: 0 };
        total.count += entry.stats.count ?? 0;
        total.sum += entry.stats.sum ?? 0;
        total.numerator += entry.stats.numerator ?? 0;
        total.denominator += entry.stats.denominator ?? 0;
        into.set(key, total);
      }
    }
  }
  return into;
}

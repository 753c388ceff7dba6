import { GenesysValidationError } from "./errors.js";
import type {
  AggregateDataPoint,
  AggregateMetric,
  AggregateQueryResponse,
  AggregateResult,
  AggregateStats,
} from "./models.js";

const DAY_MS = 86_400_000;

export interface ParsedInterval {
  readonly startMs: number;
  readonly endMs: number;
}

/** Parses `start/end` (two ISO-8601 instants). */
export function parseInterval(interval: unknown, field = "interval"): ParsedInterval {
  if (typeof interval !== "string") throw new GenesysValidationError(field, 'must be a string "start/end"');
  const parts = interval.split("/");
  const [start, end] = parts;
  if (parts.length !== 2 || start === undefined || end === undefined) {
    throw new GenesysValidationError(field, 'must be "start/end" with two ISO-8601 date-times');
  }
  const startMs = Date.parse(start);
  const endMs = Date.parse(end);
  if (Number.isNaN(startMs) || Number.isNaN(endMs)) {
    throw new GenesysValidationError(field, 'must be "start/end" with two ISO-8601 date-times');
  }
  if (endMs <= startMs) throw new GenesysValidationError(field, "must end after it starts");
  return { startMs, endMs };
}

/**
 * Splits an interval into consecutive chunks of at most `maxDays` days, starting at the interval start (so a
 * granularity that divides the chunk length stays aligned). Returns the original string when it fits.
 */
export function splitInterval(interval: string, maxDays: number): string[] {
  const { startMs, endMs } = parseInterval(interval);
  const chunkMs = maxDays * DAY_MS;
  if (endMs - startMs <= chunkMs) return [interval];
  const chunks: string[] = [];
  for (let from = startMs; from < endMs; from += chunkMs) {
    const to = Math.min(from + chunkMs, endMs);
    chunks.push(`${new Date(from).toISOString()}/${new Date(to).toISOString()}`);
  }
  return chunks;
}

function addOptional(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a + b;
}

function pickOptional(
  a: number | undefined,
  b: number | undefined,
  pick: (x: number, y: number) => number,
): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return pick(a, b);
}

/**
 * Merges the statistics of the same metric over two disjoint intervals: counts and sums add, min of mins,
 * max of maxes, a ratio is recomputed from the summed numerator/denominator. Point-in-time or percentile
 * values (current, target, p95, p99) cannot be combined and are dropped.
 */
export function mergeStats(a: AggregateStats, b: AggregateStats): AggregateStats {
  const merged: Record<string, number> = {};
  const put = (name: keyof AggregateStats, value: number | undefined) => {
    if (value !== undefined) merged[name] = value;
  };
  put("count", addOptional(a.count, b.count));
  put("sum", addOptional(a.sum, b.sum));
  put("min", pickOptional(a.min, b.min, Math.min));
  put("max", pickOptional(a.max, b.max, Math.max));
  put("countNegative", addOptional(a.countNegative, b.countNegative));
  put("countPositive", addOptional(a.countPositive, b.countPositive));
  const numerator = addOptional(a.numerator, b.numerator);
  const denominator = addOptional(a.denominator, b.denominator);
  put("numerator", numerator);
  put("denominator", denominator);
  if (numerator !== undefined && denominator !== undefined && denominator !== 0) {
    put("ratio", numerator / denominator);
  }
  return merged as AggregateStats;
}

function metricKey(metric: AggregateMetric): string {
  return metric.qualifier === undefined ? metric.metric : `${metric.metric}\u0000${metric.qualifier}`;
}

function mergeMetrics(into: Map<string, AggregateMetric>, metrics: readonly AggregateMetric[]): void {
  for (const metric of metrics) {
    const key = metricKey(metric);
    const existing = into.get(key);
    into.set(
      key,
      existing === undefined ? metric : { ...existing, stats: mergeStats(existing.stats, metric.stats) },
    );
  }
}

function groupKey(group: Readonly<Record<string, string>> | undefined): string {
  if (group === undefined) return "";
  return JSON.stringify(Object.entries(group).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Merges the responses of the chunks of one query, per group. Without a granularity every group gets one
 * data point covering `interval`; with one, the chunks' buckets are kept (and merged when they coincide).
 */
export function mergeAggregateResponses(
  responses: readonly AggregateQueryResponse[],
  interval: string,
  hasGranularity: boolean,
): AggregateQueryResponse {
  const groups = new Map<
    string,
    { group: Readonly<Record<string, string>> | undefined; points: Map<string, Map<string, AggregateMetric>> }
  >();
  for (const response of responses) {
    for (const result of response.results ?? []) {
      const key = groupKey(result.group);
      let entry = groups.get(key);
      if (entry === undefined) {
        entry = { group: result.group, points: new Map() };
        groups.set(key, entry);
      }
      for (const point of result.data ?? []) {
        const pointInterval = hasGranularity ? point.interval : interval;
        let metrics = entry.points.get(pointInterval);
        if (metrics === undefined) {
          metrics = new Map();
          entry.points.set(pointInterval, metrics);
        }
        mergeMetrics(metrics, point.metrics);
      }
    }
  }
  const results: AggregateResult[] = [];
  for (const { group, points } of groups.values()) {
    const data: AggregateDataPoint[] = [...points.entries()]
      .sort(([a], [b]) => Date.parse(a.split("/")[0] ?? a) - Date.parse(b.split("/")[0] ?? b))
      .map(([pointInterval, metrics]) => ({ interval: pointInterval, metrics: [...metrics.values()] }));
    results.push({ ...(group === undefined ? {} : { group }), data });
  }
  return { results };
}

/**
 * Average handle time per agent, in milliseconds: the `tHandle` sum divided by its count, over every data
 * point of each `userId` group. Agents without handled conversations are absent.
 */
export function averageHandleTimeMsByUser(
  response: AggregateQueryResponse | readonly AggregateResult[],
): Map<string, number> {
  const results: readonly AggregateResult[] = Array.isArray(response)
    ? response
    : ((response as AggregateQueryResponse).results ?? []);
  const totals = new Map<string, { sum: number; count: number }>();
  for (const result of results) {
    const userId = result.group?.userId;
    if (userId === undefined) continue;
    for (const point of result.data ?? []) {
      for (const metric of point.metrics) {
        if (metric.metric !== "tHandle") continue;
        const { sum, count } = metric.stats;
        if (sum === undefined || count === undefined) continue;
        const total = totals.get(userId) ?? { sum: 0, count: 0 };
        total.sum += sum;
        total.count += count;
        totals.set(userId, total);
      }
    }
  }
  const averages = new Map<string, number>();
  for (const [userId, { sum, count }] of totals) {
    if (count > 0) averages.set(userId, sum / count);
  }
  return averages;
}

import { z } from "zod";
import { badRequest } from "../protocol/http/api-error.js";
import { parseOrThrow } from "../protocol/http/validation.js";
import { toIso } from "../time/iso.js";
import type { MetricDimensions, MetricEvent } from "./metric-store.js";
import {
  missingField,
  parseDurationField,
  parseIntervalField,
  unsupportedDimension,
} from "./query-errors.js";

export type Dimension = keyof MetricDimensions;
export const SUPPORTED_DIMENSIONS: readonly Dimension[] = [
  "conversationId",
  "mediaType",
  "queueId",
  "userId",
];

const predicateSchema = z.looseObject({
  type: z.enum(["dimension", "property", "metric"]).optional(),
  dimension: z.string(),
  operator: z.enum(["matches", "exists", "notExists"]).optional(),
  value: z.string().optional(),
});
const clauseSchema = z.looseObject({
  type: z.enum(["and", "or"]),
  predicates: z.array(predicateSchema).min(1),
});
const filterSchema = z.looseObject({
  type: z.enum(["and", "or"]),
  predicates: z.array(predicateSchema).optional(),
  clauses: z.array(clauseSchema).optional(),
});

/** Metric names look like Genesys ones (nOffered, tHandle, oSurveyTotalScore); ones never emitted get no data. */
const metricName = z.string().regex(/^[nto][A-Z][A-Za-z0-9]*$/, "not a Genesys metric name (e.g. tHandle)");

const aggregateQuerySchema = z.looseObject({
  interval: z.string(),
  granularity: z.string().optional(),
  timeZone: z.string().optional(),
  groupBy: z.array(z.string()).optional(),
  filter: filterSchema.optional(),
  metrics: z.array(metricName).min(1),
});

type Predicate = z.output<typeof predicateSchema>;
type Filter = z.output<typeof filterSchema>;

export interface AggregateQuery {
  start: number;
  end: number;
  bucketMs: number;
  groupBy: Dimension[];
  metrics: string[];
  filter: Filter | undefined;
}

/** Guards the response size: a year at PT1M would be half a million buckets. */
const MAX_BUCKETS = 10_000;

function isDimension(name: string): name is Dimension {
  return (SUPPORTED_DIMENSIONS as readonly string[]).includes(name);
}

function checkDimension(name: string, field: string): Dimension {
  if (isDimension(name)) return name;
  throw unsupportedDimension(field, name, SUPPORTED_DIMENSIONS);
}

function checkPredicate(predicate: Predicate, field: string): void {
  checkDimension(predicate.dimension, `${field}.dimension`);
  if ((predicate.operator ?? "matches") === "matches" && predicate.value === undefined) {
    throw missingField(`${field}.value`);
  }
}

/** Validates an analytics aggregate query body; every problem is a 400 naming the field. */
export function parseAggregateQuery(body: unknown): AggregateQuery {
  const parsed = parseOrThrow(aggregateQuerySchema, body);
  const { start, end } = parseIntervalField(parsed.interval, "interval");
  let bucketMs = end - start;
  if (parsed.granularity !== undefined) {
    bucketMs = parseDurationField(parsed.granularity, "granularity");
    if ((end - start) / bucketMs > MAX_BUCKETS) {
      throw badRequest(
        "invalid.value",
        "Invalid value for field '{field}': the interval would have more than {max} buckets",
        { field: "granularity", max: String(MAX_BUCKETS) },
        "granularity",
      );
    }
  }
  const groupBy = (parsed.groupBy ?? []).map((name, index) => checkDimension(name, `groupBy[${index}]`));
  for (const [index, predicate] of (parsed.filter?.predicates ?? []).entries()) {
    checkPredicate(predicate, `filter.predicates[${index}]`);
  }
  for (const [clauseIndex, clause] of (parsed.filter?.clauses ?? []).entries()) {
    for (const [index, predicate] of clause.predicates.entries()) {
      checkPredicate(predicate, `filter.clauses[${clauseIndex}].predicates[${index}]`);
    }
  }
  return { start, end, bucketMs, groupBy, metrics: [...new Set(parsed.metrics)], filter: parsed.filter };
}

function predicateHolds(predicate: Predicate, dimensions: MetricDimensions): boolean {
  const actual = isDimension(predicate.dimension) ? dimensions[predicate.dimension] : undefined;
  switch (predicate.operator ?? "matches") {
    case "exists":
      return actual !== undefined;
    case "notExists":
      return actual === undefined;
    default:
      return actual === predicate.value;
  }
}

function combine(type: "and" | "or", results: boolean[]): boolean {
  return type === "and" ? results.every(Boolean) : results.some(Boolean);
}

function filterHolds(filter: Filter | undefined, dimensions: MetricDimensions): boolean {
  if (filter === undefined) return true;
  const results = [
    ...(filter.predicates ?? []).map((predicate) => predicateHolds(predicate, dimensions)),
    ...(filter.clauses ?? []).map((clause) =>
      combine(
        clause.type,
        clause.predicates.map((predicate) => predicateHolds(predicate, dimensions)),
      ),
    ),
  ];
  return results.length === 0 || combine(filter.type, results);
}

export interface MetricStats {
  max?: number;
  min?: number;
  count?: number;
  sum?: number;
  ratio?: number;
  numerator?: number;
  denominator?: number;
  target?: number;
}

export interface AggregateResponse {
  results?: Array<{
    group: Record<string, string>;
    data: Array<{ interval: string; metrics: Array<{ metric: string; stats: MetricStats }> }>;
  }>;
}

interface GroupAccumulator {
  group: Record<string, string>;
  buckets: Map<number, Map<string, MetricStats>>;
}

/**
 * `oServiceLevel` is a ratio: `StatisticalSummary` has `ratio`, `numerator`, `denominator` and `target`
 * besides count/sum/min/max (platform-client-sdk-java build/docs/StatisticalSummary.md; the answer of
 * platform-client-sdk-javascript docs/AnalyticsApi.md `postAnalyticsConversationsAggregatesQuery` is a
 * `ConversationAggregateQueryResponse` of them): conversations answered within the target over those counted.
 */
function addToRatio(stats: MetricStats | undefined, event: MetricEvent): MetricStats {
  const numerator = (stats?.numerator ?? 0) + event.value;
  const denominator = (stats?.denominator ?? 0) + 1;
  return {
    ratio: numerator / denominator,
    numerator,
    denominator,
    ...(event.target === undefined ? {} : { target: event.target }),
  };
}

function addToStats(stats: MetricStats | undefined, metric: string, value: number): MetricStats {
  // Genesys counts n-metrics ("nOffered") and gives full statistics for durations and observations.
  if (metric.startsWith("n")) return { count: (stats?.count ?? 0) + 1 };
  if (stats === undefined) return { max: value, min: value, count: 1, sum: value };
  return {
    max: Math.max(stats.max ?? value, value),
    min: Math.min(stats.min ?? value, value),
    count: (stats.count ?? 0) + 1,
    sum: (stats.sum ?? 0) + value,
  };
}

/**
 * Answers an aggregate query from emitted metric events. `alwaysGroupBy` adds dimensions Genesys always
 * splits results by (conversation aggregates are always split by mediaType).
 */
export function runAggregateQuery(
  events: readonly MetricEvent[],
  query: AggregateQuery,
  alwaysGroupBy: readonly Dimension[] = [],
): AggregateResponse {
  const wanted = new Set(query.metrics);
  const keys = [...new Set([...alwaysGroupBy, ...query.groupBy])];
  const groups = new Map<string, GroupAccumulator>();
  for (const event of events) {
    if (!wanted.has(event.metric) || event.at < query.start || event.at >= query.end) continue;
    if (!filterHolds(query.filter, event.dimensions)) continue;
    const group: Record<string, string> = {};
    for (const key of keys) {
      const value = event.dimensions[key];
      if (value !== undefined) group[key] = value;
    }
    const groupKey = JSON.stringify(keys.map((key) => group[key] ?? null));
    let accumulator = groups.get(groupKey);
    if (accumulator === undefined) {
      accumulator = { group, buckets: new Map() };
      groups.set(groupKey, accumulator);
    }
    const bucket = Math.floor((event.at - query.start) / query.bucketMs);
    let metrics = accumulator.buckets.get(bucket);
    if (metrics === undefined) {
      metrics = new Map();
      accumulator.buckets.set(bucket, metrics);
    }
    metrics.set(
      event.metric,
      event.metric === "oServiceLevel"
        ? addToRatio(metrics.get(event.metric), event)
        : addToStats(metrics.get(event.metric), event.metric, event.value),
    );
  }
  if (groups.size === 0) return {};
  return {
    results: [...groups.values()].map((accumulator) => ({
      group: accumulator.group,
      data: [...accumulator.buckets.entries()]
        .sort(([a], [b]) => a - b)
        .map(([bucket, metrics]) => {
          const bucketStart = query.start + bucket * query.bucketMs;
          const bucketEnd = Math.min(query.end, bucketStart + query.bucketMs);
          return {
            interval: `${toIso(bucketStart)}/${toIso(bucketEnd)}`,
            metrics: query.metrics
              .filter((metric) => metrics.has(metric))
              .map((metric) => ({ metric, stats: metrics.get(metric) as MetricStats })),
          };
        }),
    })),
  };
}

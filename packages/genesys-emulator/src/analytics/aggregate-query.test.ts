import { describe, expect, it } from "vitest";
import { ApiError } from "../protocol/http/api-error.js";
import { parseAggregateQuery, runAggregateQuery } from "./aggregate-query.js";
import type { MetricEvent } from "./metric-store.js";

const T0 = Date.parse("2025-01-06T00:00:00Z");
const HOUR = 3_600_000;

function event(metric: string, value: number, at: number, userId: string, queueId = "q1"): MetricEvent {
  return {
    metric,
    value,
    at,
    dimensions: { conversationId: `c-${at}`, mediaType: "voice", queueId, userId },
  };
}

const events: MetricEvent[] = [
  event("tHandle", 100, T0 + 1000, "u1"),
  event("tHandle", 300, T0 + HOUR + 1000, "u1"),
  event("tHandle", 50, T0 + 2000, "u2", "q2"),
  event("nConnected", 1, T0 + 1000, "u1"),
  event("tHandle", 999, T0 - 1, "u1"),
];

const query = (body: Record<string, unknown>) =>
  parseAggregateQuery({
    interval: "2025-01-06T00:00:00Z/2025-01-07T00:00:00Z",
    metrics: ["tHandle"],
    ...body,
  });

describe("aggregate queries", () => {
  it("sums, counts and bounds per group inside the interval only", () => {
    const response = runAggregateQuery(
      events,
      query({ groupBy: ["userId"], metrics: ["tHandle", "nConnected"] }),
    );
    const u1 = response.results?.find((result) => result.group.userId === "u1");
    expect(u1?.data[0]?.metrics).toEqual([
      { metric: "tHandle", stats: { max: 300, min: 100, count: 2, sum: 400 } },
      { metric: "nConnected", stats: { count: 1 } },
    ]);
    expect(response.results).toHaveLength(2);
  });

  it("filters by dimension predicates and clauses", () => {
    const byQueue = runAggregateQuery(
      events,
      query({ filter: { type: "and", predicates: [{ dimension: "queueId", value: "q2" }] } }),
    );
    expect(byQueue.results?.[0]?.data[0]?.metrics[0]?.stats.sum).toBe(50);
    const either = runAggregateQuery(
      events,
      query({
        filter: {
          type: "or",
          clauses: [{ type: "and", predicates: [{ dimension: "userId", value: "u2" }] }],
          predicates: [{ dimension: "userId", operator: "matches", value: "nobody" }],
        },
      }),
    );
    expect(either.results?.[0]?.data[0]?.metrics[0]?.stats.count).toBe(1);
  });

  it("buckets by granularity and always adds the given fixed dimensions", () => {
    const response = runAggregateQuery(events, query({ granularity: "PT1H", groupBy: ["userId"] }), [
      "mediaType",
    ]);
    const u1 = response.results?.find((result) => result.group.userId === "u1");
    expect(u1?.group).toEqual({ mediaType: "voice", userId: "u1" });
    expect(u1?.data.map((entry) => entry.interval)).toEqual([
      "2025-01-06T00:00:00.000Z/2025-01-06T01:00:00.000Z",
      "2025-01-06T01:00:00.000Z/2025-01-06T02:00:00.000Z",
    ]);
  });

  it("answers {} when nothing matches", () => {
    expect(runAggregateQuery([], query({}))).toEqual({});
  });

  it("rejects bad input naming the field", () => {
    const fieldOf = (body: Record<string, unknown>): string | undefined => {
      try {
        query(body);
      } catch (error) {
        if (error instanceof ApiError) return error.details[0]?.fieldName;
      }
      return undefined;
    };
    expect(fieldOf({ interval: "2025-01-06T00:00:00Z" })).toBe("interval");
    expect(fieldOf({ metrics: ["handleTime"] })).toBe("metrics[0]");
    expect(fieldOf({ groupBy: ["userId", "planet"] })).toBe("groupBy[1]");
    expect(fieldOf({ filter: { type: "and", predicates: [{ dimension: "queueId" }] } })).toBe(
      "filter.predicates[0].value",
    );
    expect(fieldOf({ granularity: "PT1S" })).toBe("granularity");
  });
});

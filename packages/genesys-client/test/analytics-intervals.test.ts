import { describe, expect, it } from "vitest";
import {
  type AggregateQueryResponse,
  averageHandleTimeMsByUser,
  GenesysValidationError,
  mergeAggregateResponses,
  splitInterval,
} from "../src/index.js";

describe("splitInterval", () => {
  it("leaves an interval that fits untouched", () => {
    const interval = "2024-01-01T00:00:00.000Z/2024-01-08T00:00:00.000Z";
    expect(splitInterval(interval, 7)).toEqual([interval]);
  });

  it("cuts a long interval into consecutive chunks of at most N days that cover it exactly", () => {
    const chunks = splitInterval("2024-01-01T00:00:00Z/2024-01-31T12:00:00Z", 7);
    expect(chunks).toEqual([
      "2024-01-01T00:00:00.000Z/2024-01-08T00:00:00.000Z",
      "2024-01-08T00:00:00.000Z/2024-01-15T00:00:00.000Z",
      "2024-01-15T00:00:00.000Z/2024-01-22T00:00:00.000Z",
      "2024-01-22T00:00:00.000Z/2024-01-29T00:00:00.000Z",
      "2024-01-29T00:00:00.000Z/2024-01-31T12:00:00.000Z",
    ]);
    expect(splitInterval("2024-01-01T00:00:00Z/2024-01-15T00:00:00Z", 7)).toHaveLength(2);
    expect(splitInterval("2024-01-01T00:00:00+02:00/2024-01-03T00:00:00+02:00", 1)[0]).toBe(
      "2023-12-31T22:00:00.000Z/2024-01-01T22:00:00.000Z",
    );
  });

  it("rejects malformed intervals naming the field", () => {
    for (const bad of ["2024-01-01", "a/b", "2024-01-02T00:00:00Z/2024-01-01T00:00:00Z", "x/y/z"]) {
      expect(() => splitInterval(bad, 7)).toThrow(GenesysValidationError);
      expect(() => splitInterval(bad, 7)).toThrow(/^interval /);
    }
  });
});

const week1: AggregateQueryResponse = {
  results: [
    {
      group: { userId: "alice" },
      data: [
        {
          interval: "2024-01-01T00:00:00.000Z/2024-01-08T00:00:00.000Z",
          metrics: [
            { metric: "tHandle", stats: { count: 2, sum: 600_000, min: 200_000, max: 400_000 } },
            { metric: "nConnected", stats: { count: 2 } },
          ],
        },
      ],
    },
    {
      group: { userId: "bob" },
      data: [
        {
          interval: "2024-01-01T00:00:00.000Z/2024-01-08T00:00:00.000Z",
          metrics: [{ metric: "tHandle", stats: { count: 1, sum: 100_000, min: 100_000, max: 100_000 } }],
        },
      ],
    },
  ],
};
const week2: AggregateQueryResponse = {
  results: [
    {
      group: { userId: "alice" },
      data: [
        {
          interval: "2024-01-08T00:00:00.000Z/2024-01-10T00:00:00.000Z",
          metrics: [
            { metric: "tHandle", stats: { count: 3, sum: 300_000, min: 50_000, max: 150_000, p95: 1 } },
            { metric: "oServiceLevel", stats: { numerator: 3, denominator: 4, ratio: 0.75 } },
          ],
        },
      ],
    },
  ],
};

describe("mergeAggregateResponses", () => {
  it("merges per group: sums add, min of mins, max of maxes, unmergeable stats dropped", () => {
    const merged = mergeAggregateResponses(
      [week1, week2],
      "2024-01-01T00:00:00Z/2024-01-10T00:00:00Z",
      false,
    );
    const alice = merged.results?.find((result) => result.group?.userId === "alice");
    expect(alice?.data).toEqual([
      {
        interval: "2024-01-01T00:00:00Z/2024-01-10T00:00:00Z",
        metrics: [
          { metric: "tHandle", stats: { count: 5, sum: 900_000, min: 50_000, max: 400_000 } },
          { metric: "nConnected", stats: { count: 2 } },
          { metric: "oServiceLevel", stats: { numerator: 3, denominator: 4, ratio: 0.75 } },
        ],
      },
    ]);
    const bob = merged.results?.find((result) => result.group?.userId === "bob");
    expect(bob?.data?.[0]?.metrics).toEqual([
      { metric: "tHandle", stats: { count: 1, sum: 100_000, min: 100_000, max: 100_000 } },
    ]);
  });

  it("keeps granularity buckets apart", () => {
    const merged = mergeAggregateResponses([week1, week2], "2024-01-01T00:00:00Z/2024-01-10T00:00:00Z", true);
    const alice = merged.results?.find((result) => result.group?.userId === "alice");
    expect(alice?.data?.map((point) => point.interval)).toEqual([
      "2024-01-01T00:00:00.000Z/2024-01-08T00:00:00.000Z",
      "2024-01-08T00:00:00.000Z/2024-01-10T00:00:00.000Z",
    ]);
  });

  it("recomputes ratios from summed numerators and denominators", () => {
    const part = (numerator: number, denominator: number): AggregateQueryResponse => ({
      results: [
        {
          data: [
            {
              interval: "i",
              metrics: [
                {
                  metric: "oServiceLevel",
                  stats: { numerator, denominator, ratio: numerator / denominator },
                },
              ],
            },
          ],
        },
      ],
    });
    const merged = mergeAggregateResponses([part(1, 4), part(3, 4)], "whole", false);
    expect(merged.results?.[0]?.data?.[0]?.metrics[0]?.stats).toEqual({
      numerator: 4,
      denominator: 8,
      ratio: 0.5,
    });
  });
});

describe("averageHandleTimeMsByUser", () => {
  it("is tHandle sum / count per user across all data points", () => {
    const merged = mergeAggregateResponses([week1, week2], "2024-01-01T00:00:00Z/2024-01-10T00:00:00Z", true);
    const averages = averageHandleTimeMsByUser(merged);
    expect(averages.get("alice")).toBe(900_000 / 5);
    expect(averages.get("bob")).toBe(100_000);
    expect(averages.size).toBe(2);
    expect(averageHandleTimeMsByUser(week2.results ?? []).get("alice")).toBe(100_000);
  });

  it("skips groups without a user or without handled conversations", () => {
    const averages = averageHandleTimeMsByUser({
      results: [
        {
          group: { queueId: "q" },
          data: [{ interval: "i", metrics: [{ metric: "tHandle", stats: { count: 1, sum: 5 } }] }],
        },
        {
          group: { userId: "idle" },
          data: [{ interval: "i", metrics: [{ metric: "tHandle", stats: { count: 0, sum: 0 } }] }],
        },
      ],
    });
    expect(averages.size).toBe(0);
  });
});

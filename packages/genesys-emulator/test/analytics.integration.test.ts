import { describe, expect, it } from "vitest";
import type { AggregateResponse, ConversationBody, ErrorBody } from "./genesys-shapes.js";
import { api, flush, getToken, openChannel, useEmulators } from "./helpers.js";

const start = useEmulators();

const DAY = "2025-01-06T00:00:00.000Z/2025-01-07T00:00:00.000Z";

interface Handled {
  userId: string;
  handleMs: number;
}

/** Runs conversations through a quiet centre and reads each agent's talk time off the published events. */
async function runHistory() {
  const emulator = await start({
    clock: "manual",
    // Hours of virtual time: keep heartbeats out of the way.
    notifications: { heartbeatIntervalMs: 24 * 60 * 60_000 },
    contactCentre: {
      arrivalsPerMinute: 0,
      meanPatienceMs: 0,
      wrapUpMs: 0,
      surveyResponseRate: 1,
      queueCount: 2,
    },
  });
  const token = await getToken(emulator);
  const queue = emulator.control.snapshot().queues[0];
  if (queue === undefined) throw new Error("no queue");
  const channel = await openChannel(emulator, token, [`v2.routing.queues.${queue.id}.conversations`]);
  const ids: string[] = [];
  for (let index = 0; index < 8; index++) {
    ids.push(emulator.control.createConversation({ queueId: queue.id }));
    await emulator.control.advance(30_000);
  }
  await emulator.control.advance(4 * 60 * 60_000);
  await channel.waitFor(() => {
    const ended = new Set(
      channel.frames
        .map((frame) => frame.eventBody as ConversationBody)
        .filter((body) =>
          body.participants?.some((p) => p.purpose === "agent" && p.calls[0]?.state === "disconnected"),
        )
        .map((body) => body.id),
    );
    return ids.every((id) => ended.has(id));
  });
  await flush(channel);
  const handled: Handled[] = ids.map((id) => {
    const final = channel.frames
      .map((frame) => frame.eventBody as ConversationBody)
      .filter((body) => body.id === id)
      .at(-1);
    const agent = final?.participants.find((p) => p.purpose === "agent");
    const media = agent?.calls[0];
    return {
      userId: agent?.userId ?? "",
      handleMs: Date.parse(media?.disconnectedTime ?? "") - Date.parse(media?.connectedTime ?? ""),
    };
  });
  return { emulator, token, queue, handled };
}

describe("analytics aggregates", () => {
  it("answers tHandle/nConnected per agent from the conversations it ran", async () => {
    const { emulator, token, queue, handled } = await runHistory();
    const response = await api<AggregateResponse>(
      emulator,
      token,
      "POST",
      "/api/v2/analytics/conversations/aggregates/query",
      {
        interval: DAY,
        groupBy: ["userId"],
        metrics: ["tHandle", "nConnected"],
        filter: { type: "and", predicates: [{ dimension: "queueId", operator: "matches", value: queue.id }] },
      },
    );
    expect(response.status).toBe(200);
    const expected = new Map<string, { sum: number; count: number; max: number }>();
    for (const { userId, handleMs } of handled) {
      const entry = expected.get(userId) ?? { sum: 0, count: 0, max: 0 };
      expected.set(userId, {
        sum: entry.sum + handleMs,
        count: entry.count + 1,
        max: Math.max(entry.max, handleMs),
      });
    }
    const results = response.body.results ?? [];
    expect(results).toHaveLength(expected.size);
    for (const result of results) {
      expect(result.group.mediaType).toBe("voice");
      const want = expected.get(result.group.userId ?? "");
      expect(want).toBeDefined();
      expect(result.data).toHaveLength(1);
      expect(result.data[0]?.interval).toBe(DAY);
      const metrics = Object.fromEntries(result.data[0]?.metrics.map((m) => [m.metric, m.stats]) ?? []);
      expect(metrics.tHandle).toMatchObject({ sum: want?.sum, count: want?.count, max: want?.max });
      expect(metrics.nConnected).toEqual({ count: want?.count });
    }
  });

  it("splits into buckets by granularity and leaves out an interval with no data", async () => {
    const { emulator, token, handled } = await runHistory();
    const bucketed = await api<AggregateResponse>(
      emulator,
      token,
      "POST",
      "/api/v2/analytics/conversations/aggregates/query",
      {
        interval: DAY,
        granularity: "PT1H",
        metrics: ["nOffered"],
      },
    );
    const data = bucketed.body.results?.flatMap((result) => result.data) ?? [];
    expect(data.every((entry) => entry.interval.endsWith(":00:00.000Z"))).toBe(true);
    const offered = data.reduce((total, entry) => total + (entry.metrics[0]?.stats.count ?? 0), 0);
    expect(offered).toBe(handled.length);

    const empty = await api<AggregateResponse>(
      emulator,
      token,
      "POST",
      "/api/v2/analytics/conversations/aggregates/query",
      {
        interval: "2024-01-01T00:00:00Z/2024-01-02T00:00:00Z",
        metrics: ["tHandle"],
      },
    );
    expect(empty.status).toBe(200);
    expect(empty.body.results ?? []).toEqual([]);
  });

  it("rejects a bad interval, metric or dimension with a 400 naming the field", async () => {
    const emulator = await start({ contactCentre: { arrivalsPerMinute: 0 } });
    const token = await getToken(emulator);
    const path = "/api/v2/analytics/conversations/aggregates/query";
    const backwards = await api<ErrorBody>(emulator, token, "POST", path, {
      interval: "2025-01-07T00:00:00Z/2025-01-06T00:00:00Z",
      metrics: ["tHandle"],
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.details[0]?.fieldName).toBe("interval");
    const garbage = await api<ErrorBody>(emulator, token, "POST", path, {
      interval: "yesterday",
      metrics: ["tHandle"],
    });
    expect(garbage.status).toBe(400);
    expect(garbage.body.message).toContain("interval");
    const noMetrics = await api<ErrorBody>(emulator, token, "POST", path, { interval: DAY, metrics: [] });
    expect(noMetrics.status).toBe(400);
    expect(noMetrics.body.details[0]?.fieldName).toBe("metrics");
    const badDimension = await api<ErrorBody>(emulator, token, "POST", path, {
      interval: DAY,
      metrics: ["tHandle"],
      groupBy: ["userId", "planet"],
    });
    expect(badDimension.status).toBe(400);
    expect(badDimension.body.details[0]?.fieldName).toBe("groupBy[1]");
    const badGranularity = await api<ErrorBody>(emulator, token, "POST", path, {
      interval: DAY,
      granularity: "P1M",
      metrics: ["tHandle"],
    });
    expect(badGranularity.status).toBe(400);
    expect(badGranularity.body.details[0]?.fieldName).toBe("granularity");
  });

  it("answers survey aggregates from the same history", async () => {
    const { emulator, token, handled } = await runHistory();
    const response = await api<AggregateResponse>(
      emulator,
      token,
      "POST",
      "/api/v2/analytics/surveys/aggregates/query",
      {
        interval: DAY,
        groupBy: ["userId"],
        metrics: ["oSurveyTotalScore", "nSurveyResponses"],
      },
    );
    expect(response.status).toBe(200);
    const results = response.body.results ?? [];
    const perAgent = new Map<string, number>();
    for (const { userId } of handled) perAgent.set(userId, (perAgent.get(userId) ?? 0) + 1);
    expect(results.map((result) => result.group.userId).sort()).toEqual([...perAgent.keys()].sort());
    for (const result of results) {
      const metrics = Object.fromEntries(result.data[0]?.metrics.map((m) => [m.metric, m.stats]) ?? []);
      const count = perAgent.get(result.group.userId ?? "");
      expect(metrics.nSurveyResponses).toEqual({ count });
      expect(metrics.oSurveyTotalScore?.count).toBe(count);
      expect(metrics.oSurveyTotalScore?.min).toBeGreaterThanOrEqual(0);
      expect(metrics.oSurveyTotalScore?.max).toBeLessThanOrEqual(100);
    }
  });

  it("answers oServiceLevel per queue as a ratio against the queue's own target, shown in its mediaSettings", async () => {
    // Support's target (within 1 s) cannot be met: the emulator routes after 2 s; Sales' 20 s always is.
    const emulator = await start({
      clock: "manual",
      notifications: { heartbeatIntervalMs: 24 * 60 * 60_000 },
      contactCentre: {
        arrivalsPerMinute: 0,
        meanPatienceMs: 0,
        queueCount: 2,
        serviceLevelByQueue: { Support: { percentage: 0.9, durationMs: 1_000 } },
      },
    });
    const token = await getToken(emulator);
    const [sales, support] = emulator.control.snapshot().queues;
    if (sales === undefined || support === undefined) throw new Error("two queues");
    const queueBody = await api<{ mediaSettings?: Record<string, { serviceLevel?: unknown }> }>(
      emulator,
      token,
      "GET",
      `/api/v2/routing/queues/${support.id}`,
    );
    expect(queueBody.body.mediaSettings?.call?.serviceLevel).toEqual({ percentage: 0.9, durationMs: 1_000 });
    for (let index = 0; index < 4; index++) {
      emulator.control.createConversation({ queueId: sales.id, mediaType: "call" });
      emulator.control.createConversation({ queueId: support.id, mediaType: "call" });
      await emulator.control.advance(60_000);
    }
    const response = await api<AggregateResponse>(
      emulator,
      token,
      "POST",
      "/api/v2/analytics/conversations/aggregates/query",
      { interval: DAY, groupBy: ["queueId"], metrics: ["oServiceLevel"] },
    );
    expect(response.status).toBe(200);
    const statsOf = (queueId: string) =>
      response.body.results?.find((result) => result.group.queueId === queueId)?.data[0]?.metrics[0]?.stats;
    expect(statsOf(sales.id)).toEqual({ ratio: 1, numerator: 4, denominator: 4, target: 0.8 });
    expect(statsOf(support.id)).toEqual({ ratio: 0, numerator: 0, denominator: 4, target: 0.9 });
  });
});

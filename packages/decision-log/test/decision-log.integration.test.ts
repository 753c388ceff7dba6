import { buildRequestScoredAgentsExplained } from "@routing/core";
import { type IsolatedRedis, redisTest } from "@routing/test-utils";
import { describe, expect } from "vitest";
import {
  createDecisionLog,
  type DecisionLog,
  type DecisionLogOptions,
  DecisionQueryError,
  type DecisionRecord,
  DecisionRecordError,
} from "../src/index.js";
import {
  CANDIDATES,
  NOW_MS,
  QUEUE_A,
  QUEUE_B,
  rejectionDecision,
  SKILL,
  scoringDecision,
} from "./samples.js";

const CONVERSATION = "3f6b0c1e-0000-4000-8000-00000000c001";
const conversation = (index: number) => `3f6b0c1e-0000-4000-8000-${String(index).padStart(12, "0")}`;

interface Clocked {
  readonly log: DecisionLog;
  /** Moves the log's clock. */
  advance(ms: number): void;
  now(): number;
}

function clockedLog(redis: IsolatedRedis, options: Partial<DecisionLogOptions> = {}): Clocked {
  let clock = NOW_MS;
  const log = createDecisionLog(redis.connection, { prefix: redis.prefix, now: () => clock, ...options });
  return {
    log,
    advance: (ms) => {
      clock += ms;
    },
    now: () => clock,
  };
}

async function allPages(read: (cursor: string | undefined) => ReturnType<DecisionLog["search"]>) {
  const seen: DecisionRecord[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await read(cursor);
    seen.push(...page.records);
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor !== undefined && pages < 100);
  return { records: seen, pages };
}

describe("the decision log on real Redis", () => {
  redisTest(
    "stores core's explanations as they are, and reads a conversation's decisions newest first",
    async ({ redis }) => {
      const { log, advance } = clockedLog(redis);
      const first = await log.write(scoringDecision(CONVERSATION, NOW_MS - 2000));
      advance(10);
      const second = await log.write(rejectionDecision(CONVERSATION, NOW_MS - 1000));
      await log.write(scoringDecision(conversation(99), NOW_MS - 500));

      const page = await log.byConversation(CONVERSATION);
      expect(page.records.map((record) => record.decisionId)).toEqual([second.decisionId, first.decisionId]);
      expect(page.nextCursor).toBeNull();
      expect(await log.get(first.decisionId)).toEqual(first);

      expect(first).toMatchObject({
        schemaVersion: 1,
        conversationId: CONVERSATION,
        rosterVersion: 17,
        assignment: null,
        candidatesOmitted: 0,
        action: { outcome: "scored", followUp: null, shadowOf: null },
        event: { jobName: "conversation.score", attempt: 1, participantId: null, userId: null },
        timings: { observedAtMs: NOW_MS - 2040, decidedAtMs: NOW_MS - 2000, writtenAtMs: NOW_MS },
      });
      expect(first.ranking?.candidates).toHaveLength(6);
      expect(first.ranking?.candidates[0]).toMatchObject({
        rank: 1,
        eligible: true,
        components: { csatFallback: expect.any(Boolean) },
      });
      expect(first.genesysCalls.map((call) => [call.method, call.status, call.attempt])).toEqual([
        ["GET", 200, 1],
        ["PATCH", 202, 1],
      ]);
      expect(second).toMatchObject({
        assignment: { policy: "assignment-check", outcome: "reject", thresholdSource: "default" },
        action: { outcome: "rejected", followUp: "rescore" },
        timings: { writtenAtMs: NOW_MS + 10 },
      });
      expect(
        second.ranking?.candidates.find((candidate) => candidate.ineligibleReason === "assignment-rejected"),
      ).toBeDefined();
      // No names: the roster's display names never reach the record.
      expect(JSON.stringify(page.records)).not.toMatch(/Agent \d/);
    },
  );

  redisTest(
    "caps each conversation: the oldest go, from every index and with their record",
    async ({ redis }) => {
      const { log } = clockedLog(redis, { maxPerConversation: 3 });
      const written: DecisionRecord[] = [];
      for (let index = 0; index < 5; index++) {
        written.push(await log.write(scoringDecision(CONVERSATION, NOW_MS - 5000 + index * 100)));
      }
      const page = await log.byConversation(CONVERSATION);
      expect(page.records.map((record) => record.decisionId)).toEqual(
        written
          .slice(2)
          .reverse()
          .map((record) => record.decisionId),
      );
      expect(await log.get(written[0]?.decisionId ?? "")).toBeUndefined();
      const everywhere = await log.search({ queueId: QUEUE_A, outcome: "scored" });
      expect(everywhere.records).toHaveLength(3);
      expect((await log.search()).records).toHaveLength(3);
    },
  );

  redisTest("caps the whole log: memory stays bounded however many decisions come", async ({ redis }) => {
    const { log } = clockedLog(redis, { maxEntries: 4 });
    for (let index = 0; index < 30; index++) {
      const write = index % 2 === 0 ? scoringDecision : rejectionDecision;
      await log.write(write(conversation(index), NOW_MS - 60_000 + index * 1000));
    }
    const all = await log.search({ limit: 100 });
    expect(all.records.map((record) => record.conversationId)).toEqual([29, 28, 27, 26].map(conversation));
    const keys = await redis.keys();
    expect(keys.filter((key) => key.includes(":decision-log:record:"))).toHaveLength(4);
    // Index keys of evicted entries are emptied (and so removed by Redis); every index holds <= 4 entries.
    for (const key of keys.filter((name) => name.includes(":decision-log:index:"))) {
      expect(await redis.connection.zcard(key)).toBeLessThanOrEqual(4);
      expect(await redis.connection.zcard(key)).toBeGreaterThan(0);
    }
  });

  redisTest(
    "expires: records older than ttlSeconds disappear from reads, indexes and Redis",
    async ({ redis }) => {
      const { log, advance, now } = clockedLog(redis, { ttlSeconds: 3600 });
      const old = await log.write(scoringDecision(CONVERSATION, NOW_MS));
      const ttl = await redis.connection.ttl(`${redis.prefix}:decision-log:record:${old.decisionId}`);
      expect(ttl).toBeGreaterThan(3500);
      expect(ttl).toBeLessThanOrEqual(3600);

      advance(3600_000 + 1);
      // Reads leave out what is past the TTL even before anything is written.
      expect((await log.byConversation(CONVERSATION)).records).toEqual([]);
      expect((await log.search()).records).toEqual([]);
      // The next write drops it from every index and deletes the record.
      const fresh = await log.write(scoringDecision(conversation(2), now()));
      expect(await log.get(old.decisionId)).toBeUndefined();
      expect(await redis.connection.zrange(`${redis.prefix}:decision-log:index:all`, 0, -1)).toEqual([
        `${fresh.decisionId}|${conversation(2)}|${QUEUE_A}|scored`,
      ]);
      await expect(log.write(scoringDecision(CONVERSATION, NOW_MS))).rejects.toMatchObject({
        field: "timings.decidedAtMs",
      });
    },
  );

  redisTest("searches by queue, outcome and time range, newest first, page by page", async ({ redis }) => {
    const { log } = clockedLog(redis);
    const expected: DecisionRecord[] = [];
    for (let index = 0; index < 24; index++) {
      // Pairs share a millisecond, so pages must cut between equal scores without repeating or skipping.
      const decidedAtMs = NOW_MS - 100_000 + Math.floor(index / 2) * 1000;
      const record = await log.write(
        index % 3 === 0
          ? rejectionDecision(conversation(index), decidedAtMs)
          : scoringDecision(conversation(index), decidedAtMs),
      );
      expected.push(record);
    }
    const newestFirst = (records: DecisionRecord[]) =>
      [...records]
        .sort((a, b) => b.timings.decidedAtMs - a.timings.decidedAtMs)
        .map((record) => record.decisionId);
    const ids = (records: DecisionRecord[]) => records.map((record) => record.decisionId);

    const everything = await allPages((cursor) => log.search({ limit: 5, cursor }));
    expect(everything.pages).toBe(5);
    expect(new Set(ids(everything.records)).size).toBe(24);
    expect(everything.records.map((record) => record.timings.decidedAtMs)).toEqual(
      [...everything.records.map((record) => record.timings.decidedAtMs)].sort((a, b) => b - a),
    );

    const queueB = await allPages((cursor) => log.search({ queueId: QUEUE_B, limit: 3, cursor }));
    expect(ids(queueB.records).sort()).toEqual(
      ids(expected.filter((record) => record.queueId === QUEUE_B)).sort(),
    );
    const scoredA = await allPages((cursor) =>
      log.search({ queueId: QUEUE_A, outcome: "scored", limit: 4, cursor }),
    );
    expect(scoredA.records).toHaveLength(16);
    const rejected = await allPages((cursor) => log.search({ outcome: "rejected", limit: 2, cursor }));
    expect(rejected.records).toHaveLength(8);

    const fromMs = NOW_MS - 95_000;
    const toMs = NOW_MS - 90_000;
    const window = await allPages((cursor) => log.search({ fromMs, toMs, limit: 3, cursor }));
    const inWindow = expected.filter(
      (record) => record.timings.decidedAtMs >= fromMs && record.timings.decidedAtMs <= toMs,
    );
    expect(inWindow).toHaveLength(12);
    expect(ids(window.records).sort()).toEqual(ids(inWindow).sort());
    expect(
      newestFirst(window.records).map((id) => inWindow.some((record) => record.decisionId === id)),
    ).not.toContain(false);
    expect((await log.search({ queueId: QUEUE_B, outcome: "scored" })).records).toEqual([]);
  });

  redisTest("refuses a bad decision naming the field, and stores nothing", async ({ redis }) => {
    const { log } = clockedLog(redis);
    const good = scoringDecision(CONVERSATION, NOW_MS);
    const ranking = good.ranking ?? null;
    if (ranking === null) throw new Error("sample has a ranking");
    const cases: [unknown, string][] = [
      [{ ...good, action: { ...good.action, message: "I want to cancel my order" } }, "action.message"],
      [{ ...good, customerText: "hello" }, "customerText"],
      [{ ...good, conversationId: "hello, I need help" }, "conversationId"],
      [
        { ...good, ranking: { ...ranking, candidates: [{ ...ranking.candidates[0], agentId: "Jane Doe" }] } },
        "ranking.candidates[0].agentId",
      ],
      [
        {
          ...good,
          genesysCalls: [
            {
              method: "PATCH",
              pathTemplate: "/api/v2/routing/conversations/3f6b0c1e-0000-4000-8000-00000000c001",
              status: 202,
              durationMs: 1,
              correlationId: null,
            },
          ],
        },
        "genesysCalls[0].pathTemplate",
      ],
      [{ ...good, action: { outcome: "escalated" } }, "action.outcome"],
      [{ ...good, event: { ...good.event, jobName: "Score this please" } }, "event.jobName"],
      [{ ...good, timings: { observedAtMs: NOW_MS, decidedAtMs: Number.NaN } }, "timings.decidedAtMs"],
      [
        { ...good, timings: { observedAtMs: NOW_MS, decidedAtMs: NOW_MS + 3_600_000 } },
        "timings.decidedAtMs",
      ],
    ];
    for (const [input, field] of cases) {
      const attempt = log.write(input as never);
      await expect(attempt, field).rejects.toBeInstanceOf(DecisionRecordError);
      await expect(log.write(input as never), field).rejects.toMatchObject({ field });
    }
    expect(await redis.keys()).toEqual([]);
  });

  redisTest("refuses a bad query naming the parameter", async ({ redis }) => {
    const { log } = clockedLog(redis);
    const cases: [() => Promise<unknown>, string][] = [
      [() => log.search({ limit: 0 }), "limit"],
      [() => log.search({ limit: 501 }), "limit"],
      [() => log.search({ cursor: "not-a-cursor" }), "cursor"],
      [() => log.search({ queueId: "queue with spaces" }), "queueId"],
      [() => log.search({ outcome: "won" as never }), "outcome"],
      [() => log.search({ fromMs: 10, toMs: 5 }), "toMs"],
      [() => log.search({ fromMs: -1 }), "fromMs"],
      [() => log.byConversation("a b"), "conversationId"],
    ];
    for (const [query, field] of cases) {
      const failure = await Promise.resolve()
        .then(query)
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(failure, field).toBeInstanceOf(DecisionQueryError);
      expect(failure, field).toMatchObject({ field });
    }
  });

  redisTest(
    "keeps at most maxCandidatesPerRecord candidates, ranked ones first, and counts the rest",
    async ({ redis }) => {
      const { log } = clockedLog(redis, { maxCandidatesPerRecord: 2 });
      const record = await log.write(scoringDecision(CONVERSATION, NOW_MS));
      expect(record.ranking?.candidates.map((candidate) => candidate.rank)).toEqual([1, 2]);
      expect(record.candidatesOmitted).toBe(4);
      expect(record.ranking?.counts.candidates).toBe(6);
      expect(await log.get(record.decisionId)).toEqual(record);
    },
  );

  redisTest(
    "a ranking explained only as far as the log keeps (core's explainAtMost) is stored as the log would cut it",
    async ({ redis }) => {
      const { log } = clockedLog(redis, { maxCandidatesPerRecord: 2 });
      const whole = scoringDecision(CONVERSATION, NOW_MS);
      const { explanation } = buildRequestScoredAgentsExplained(
        CANDIDATES,
        { requiredSkills: [SKILL], requiredLanguage: "en-US" },
        { nowMs: NOW_MS },
        { explainAtMost: 2 },
      );
      const fromWhole = await log.write({ ...whole, decisionId: "from-whole" });
      const fromPart = await log.write({ ...whole, decisionId: "from-part", ranking: explanation });
      expect(fromPart.candidatesOmitted).toBe(4);
      expect({ ...fromPart, decisionId: "from-whole" }).toEqual(fromWhole);
    },
  );

  redisTest(
    "counts decisions per outcome in buckets of decision time, bounds included once",
    async ({ redis }) => {
      const { log } = clockedLog(redis);
      const minute = 60_000;
      const start = NOW_MS - 3 * minute;
      await log.write(scoringDecision(conversation(1), start)); // first bucket, on its lower bound
      await log.write(scoringDecision(conversation(2), start + minute - 1)); // first bucket, last ms
      await log.write(scoringDecision(conversation(3), start + minute)); // second bucket, on its bound
      await log.write(rejectionDecision(conversation(4), start + 2 * minute + 5));
      await log.write(scoringDecision(conversation(5), start - 1)); // before the range
      const counts = await log.countByOutcome({ fromMs: start, bucketMs: minute, buckets: 3 });
      expect(counts.scored).toEqual([2, 1, 0]);
      expect(counts.rejected).toEqual([0, 0, 1]);
      expect(counts.approved).toEqual([0, 0, 0]);
      expect(Object.keys(counts).sort()).toEqual(["approved", "no-eligible", "rejected", "scored", "shadow"]);
      for (const [query, field] of [
        [{ fromMs: start, bucketMs: 999, buckets: 3 }, "bucketMs"],
        [{ fromMs: start, bucketMs: minute, buckets: 0 }, "buckets"],
        [{ fromMs: start, bucketMs: minute, buckets: 1_441 }, "buckets"],
        [{ fromMs: -1, bucketMs: minute, buckets: 1 }, "fromMs"],
      ] as const) {
        await expect(log.countByOutcome(query)).rejects.toMatchObject({ name: "DecisionQueryError", field });
      }
    },
  );
});

import { randomUUID } from "node:crypto";
import { decideHandoffTurn, type HandoffOptionsInput, initialHandoffState } from "@routing/core";
import { redisTest as test } from "@routing/test-utils";
import fc from "fast-check";
import { describe, expect } from "vitest";
import {
  createHandoffSessions,
  decideSessionTurn,
  HandoffSessionsOptionsError,
  HandoffStateCorruptError,
  handoffSessionKey,
} from "../src/index.js";

const POLICY: HandoffOptionsInput = {
  defaultTarget: { queueId: "q-general", skillIds: ["skill-general"] },
  perIntentTarget: { billing: { queueId: "q-billing", skillIds: ["skill-billing"] } },
};

/** In core's low band [0.75, 0.85): the bot continues, but the third such turn in a row hands off. */
const LOW = 0.8;

describe("handoff sessions in Redis", () => {
  test("concurrent turns of one conversation from two processes all count, and hand off exactly once", async ({
    redis,
  }) => {
    const otherProcess = redis.newConnection();
    try {
      const a = createHandoffSessions(redis.connection, { keyPrefix: redis.prefix });
      const b = createHandoffSessions(otherProcess, { keyPrefix: redis.prefix });
      const conversationIds = Array.from({ length: 10 }, () => randomUUID());
      const results = await Promise.all(
        conversationIds.flatMap((conversationId) =>
          [a, b, a].map((sessions, index) =>
            decideSessionTurn(
              sessions,
              { conversationId, turnId: `t${index}`, intent: "billing", confidence: LOW },
              POLICY,
            ),
          ),
        ),
      );
      for (const [index, conversationId] of conversationIds.entries()) {
        const kinds = results.slice(index * 3, index * 3 + 3).map((result) => result.turn.kind);
        expect(kinds.filter((kind) => kind === "handoff")).toHaveLength(1);
        expect(kinds.filter((kind) => kind === "continue-bot")).toHaveLength(2);
        const session = await a.read(conversationId);
        expect(session?.state).toMatchObject({ turns: 3, handedOff: { trigger: "repeated-low-confidence" } });
        expect(session?.recentTurns.find((turn) => turn.kind === "handoff")?.target).toEqual({
          queueId: "q-billing",
          skillIds: ["skill-billing"],
        });
      }
    } finally {
      await otherProcess.quit();
    }
  });

  test("a repeated turn id replays its decision and counts nothing", async ({ redis }) => {
    const sessions = createHandoffSessions(redis.connection, { keyPrefix: redis.prefix });
    const turn = { conversationId: randomUUID(), turnId: "msg-1", intent: "billing", confidence: LOW };
    const first = await decideSessionTurn(sessions, turn, POLICY);
    const again = await decideSessionTurn(sessions, { ...turn, confidence: 0.1 }, POLICY);
    expect(first.replayed).toBe(false);
    expect(again.replayed).toBe(true);
    expect(again.turn).toEqual(first.turn);
    expect(again.session.state.turns).toBe(1);
  });

  test("the per-turn lifetime is what Redis keeps (the Bot Connector passes Genesys' session timeout)", async ({
    redis,
  }) => {
    const sessions = createHandoffSessions(redis.connection, { keyPrefix: redis.prefix, ttlMs: 60_000 });
    const conversationId = randomUUID();
    await decideSessionTurn(sessions, { conversationId, turnId: "1", intent: "x", confidence: 1 }, POLICY, {
      ttlMs: 5 * 60_000,
    });
    const ttl = await redis.connection.pttl(handoffSessionKey(redis.prefix, conversationId));
    expect(ttl).toBeGreaterThan(60_000);
    expect(ttl).toBeLessThanOrEqual(5 * 60_000);
  });

  test("a stored value this package did not write is refused, naming the conversation", async ({ redis }) => {
    const sessions = createHandoffSessions(redis.connection, { keyPrefix: redis.prefix });
    const conversationId = randomUUID();
    await redis.connection.set(handoffSessionKey(redis.prefix, conversationId), '{"turns":"many"}');
    await expect(
      decideSessionTurn(sessions, { conversationId, turnId: "1", intent: "x", confidence: 1 }, POLICY),
    ).rejects.toThrow(HandoffStateCorruptError);
    await expect(sessions.read(conversationId)).rejects.toThrow(conversationId);
  });

  test("bad options are refused, naming the option", ({ redis }) => {
    expect(() => createHandoffSessions(redis.connection, { keyPrefix: "" })).toThrow(
      HandoffSessionsOptionsError,
    );
    expect(() => createHandoffSessions(redis.connection, { keyPrefix: "p", ttlMs: 0 })).toThrow(/ttlMs/);
  });

  test("both entry points agree: turns carried alternately by the webhook job (worker) and the Bot Connector (ingester) decide exactly as core alone (property)", async ({
    redis,
  }) => {
    // The worker decides with the payload's turnId and the store's TTL; the ingester with Genesys'
    // messageId and the bot session's timeout, on its own connection. Same rule, same state.
    const ingesterConnection = redis.newConnection();
    try {
      const worker = createHandoffSessions(redis.connection, { keyPrefix: redis.prefix });
      const ingester = createHandoffSessions(ingesterConnection, { keyPrefix: redis.prefix });
      const turn = fc.record({
        intent: fc.constantFrom("billing", "shipping", "Agent", undefined, ""),
        confidence: fc.oneof(
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.constantFrom(0.75, 0.8, 0.85, null, Number.NaN),
        ),
        viaWorker: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(turn, { minLength: 1, maxLength: 8 }), async (turns) => {
          const conversationId = randomUUID();
          let alone = initialHandoffState();
          for (const [index, { intent, confidence, viaWorker }] of turns.entries()) {
            const expected = decideHandoffTurn(alone, { intent, confidence }, POLICY);
            alone = expected.state;
            const result = viaWorker
              ? await decideSessionTurn(
                  worker,
                  { conversationId, turnId: `turn-${index}`, intent, confidence },
                  POLICY,
                )
              : await decideSessionTurn(
                  ingester,
                  { conversationId, turnId: `message-${index}`, intent, confidence },
                  POLICY,
                  { ttlMs: 30 * 60_000 },
                );
            expect(result.turn.kind).toBe(expected.decision.kind);
            expect(result.turn.reason).toBe(expected.decision.reason);
            expect(result.session.state).toEqual(expected.state);
          }
        }),
        { numRuns: 40 },
      );
    } finally {
      await ingesterConnection.quit();
    }
  });
});

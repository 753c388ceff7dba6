import { redisTest } from "@routing/test-utils";
import { describe, expect } from "vitest";
import { type QueueRoster, RosterInputError, rosterCandidates } from "../src/index.js";
import { T0, testStore, uuid } from "./support.js";

describe("a member's CSAT in the roster (real Redis)", () => {
  redisTest(
    "is carried to the candidates, newest read wins, and a value outside 0-1 is refused",
    async ({ redis }) => {
      const { store } = testStore(redis);
      const queue = uuid();
      const [ada, bob] = [uuid(), uuid()];
      const seed = store.beginConfirmation(queue, "seed", T0);
      await seed.applyPage([
        { userId: ada, routingStatus: { status: "IDLE", startTimeMs: T0 - 1_000 }, readAtMs: T0 },
        { userId: bob, routingStatus: { status: "IDLE", startTimeMs: T0 - 1_000 }, readAtMs: T0 },
      ]);
      await seed.finish();
      const versionBefore = (await store.readQueueRoster(queue)).version;

      expect(await store.applyObservations([{ userId: ada, csat: 0.82, readAtMs: T0 + 10 }])).toBe(1);
      // An older survey read arriving late changes nothing.
      expect(await store.applyObservations([{ userId: ada, csat: 0.4, readAtMs: T0 + 5 }])).toBe(0);
      const roster = await store.readQueueRoster(queue);
      expect(roster.version).toBeGreaterThan(versionBefore);
      const byId = new Map(rosterCandidates(roster).map((member) => [member.id, member]));
      expect(byId.get(ada)).toMatchObject({ csat: 0.82, csatReadAtMs: T0 + 10 });
      // No survey data: no csat at all, so that core's ranking uses its fallback.
      expect(byId.get(bob)).not.toHaveProperty("csat");

      await expect(store.applyObservations([{ userId: bob, csat: 1.5, readAtMs: T0 + 20 }])).rejects.toThrow(
        RosterInputError,
      );
      await expect(store.applyObservations([{ userId: bob, csat: 1.5, readAtMs: T0 + 20 }])).rejects.toThrow(
        'roster input "observations[0].csat"',
      );
    },
  );
  redisTest(
    "a refresh that finds a score unchanged notes nothing, yet every reader shows it read then; a changed one is noted",
    async ({ redis }) => {
      const { store, clock } = testStore(redis);
      const [queue, other] = [uuid(), uuid()];
      const [ada, bob] = [uuid(), uuid()];
      for (const queueId of [queue, other]) {
        const seed = store.beginConfirmation(queueId, "seed", T0);
        await seed.applyPage([
          { userId: ada, readAtMs: T0 },
          { userId: bob, readAtMs: T0 },
        ]);
        await seed.finish();
      }
      // A CSAT refresh of both queues at `atMs`: the users it changed.
      const refresh = async (atMs: number, scores: readonly [string, number][]) => {
        const csat = store.beginRefresh("csat", [queue, other], atMs);
        const changed = await csat.applyPage(
          scores.map(([userId, score]) => ({ userId, csat: score, readAtMs: atMs })),
        );
        await csat.finish();
        return changed;
      };
      expect(
        await refresh(T0 + 10, [
          [ada, 0.8],
          [bob, 0.6],
        ]),
      ).toBe(2);
      const { store: reader } = testStore(redis, { now: () => clock.now });
      const held = [await reader.readQueueRoster(queue), await reader.readQueueRoster(other)];
      const noted = Number(await redis.connection.get(store.keys.changeSeq));

      expect(
        await refresh(T0 + 900_000, [
          [ada, 0.8],
          [bob, 0.7],
        ]),
      ).toBe(1);
      // Bob's new score alone is noted.
      expect(Number(await redis.connection.get(store.keys.changeSeq))).toBe(noted + 1);
      const byId = (roster: QueueRoster) => [...roster.members].sort((a, b) => (a.id < b.id ? -1 : 1));
      for (const [index, queueId] of [queue, other].entries()) {
        const after = await reader.readQueueRoster(queueId);
        const fresh = await testStore(redis, { now: () => clock.now }).store.readQueueRoster(queueId);
        expect(byId(after)).toEqual(byId(fresh));
        expect(new Map(after.members.map((m) => [m.id, [m.csat, m.csatReadAtMs]]))).toEqual(
          new Map([
            [ada, [0.8, T0 + 900_000]],
            [bob, [0.7, T0 + 900_000]],
          ]),
        );
        expect(after.version).toBeGreaterThan(held[index]?.version ?? Number.POSITIVE_INFINITY);
      }
    },
  );
});

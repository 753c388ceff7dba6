import { redisTest } from "@routing/test-utils";
import { describe, expect } from "vitest";
import { RosterInputError, rosterCandidates } from "../src/index.js";
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
});

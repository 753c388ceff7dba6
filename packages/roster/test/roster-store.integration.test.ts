import { redisTest } from "@routing/test-utils";
import { describe, expect } from "vitest";
import { type QueueRoster, RosterInputError, rosterCandidates } from "../src/index.js";
import { T0, testStore, uuid } from "./support.js";

const queue = uuid();
const [ada, bob, cy] = [uuid(), uuid(), uuid()];
const [billing, sales] = [uuid(), uuid()];
const english = uuid();

describe("roster store (real Redis)", () => {
  redisTest("a seed lists the members; the roster reads them back as candidates", async ({ redis }) => {
    const { store, clock } = testStore(redis);
    const seed = store.beginConfirmation(queue, "seed", T0);
    await seed.applyPage([
      {
        userId: ada,
        name: "Ada",
        routingStatus: { status: "IDLE", startTimeMs: T0 - 60_000 },
        presence: { systemPresence: "On Queue", modifiedAtMs: T0 - 60_000 },
        skills: { [billing]: 4, [sales]: 2 },
        languages: [english],
        readAtMs: T0,
      },
      {
        userId: bob,
        routingStatus: { status: "OFF_QUEUE", startTimeMs: T0 - 1_000 },
        presence: { systemPresence: "Available", modifiedAtMs: T0 - 1_000 },
        skills: {},
        languages: [],
        readAtMs: T0,
      },
    ]);
    expect(await seed.finish()).toEqual({ listed: 2, left: 0 });
    clock.now = T0 + 5_000;
    const roster = await store.readQueueRoster(queue);
    expect(roster).toMatchObject({ queueId: queue, stale: false, seededAtMs: T0, confirmedAtMs: T0 });
    expect(roster.version).toBeGreaterThan(0);
    const byId = new Map(roster.members.map((member) => [member.id, member]));
    expect(byId.get(ada)).toEqual({
      id: ada,
      name: "Ada",
      skills: { [billing]: 4, [sales]: 2 },
      languages: [english],
      routingStatus: { status: "IDLE", startTime: T0 - 60_000 },
      presence: { systemPresence: "On Queue", modifiedAtMs: T0 - 60_000 },
      joined: true,
      membershipChangedAtMs: T0,
      skillsReadAtMs: T0,
      skillsExpired: false,
    });
    expect(rosterCandidates(roster).map((member) => member.id)).toEqual([ada]);
  });

  redisTest(
    "an older routing status never overwrites a newer one; the version counts changes",
    async ({ redis }) => {
      const { store } = testStore(redis);
      await store.applyMembership({ queueId: queue, userId: ada, joined: true, observedAtMs: T0 });
      const newer = {
        userId: ada,
        routingStatus: { status: "INTERACTING" as const, startTimeMs: T0 + 2_000 },
      };
      const older = { userId: ada, routingStatus: { status: "IDLE" as const, startTimeMs: T0 + 1_000 } };
      expect(await store.applyObservations([newer])).toBe(1);
      const version = (await store.readQueueRoster(queue)).version;
      expect(await store.applyObservations([older])).toBe(0);
      expect(await store.applyObservations([newer])).toBe(0);
      const roster = await store.readQueueRoster(queue);
      expect(roster.version).toBe(version);
      expect(roster.members[0]?.routingStatus).toEqual({ status: "INTERACTING", startTime: T0 + 2_000 });
    },
  );

  redisTest(
    "membership: join, leave, an older join cannot revive, a seed removes the unlisted",
    async ({ redis }) => {
      const { store } = testStore(redis);
      expect(
        await store.applyMembership({ queueId: queue, userId: ada, joined: true, observedAtMs: T0 }),
      ).toBe("joined");
      expect(
        await store.applyMembership({ queueId: queue, userId: bob, joined: true, observedAtMs: T0 }),
      ).toBe("joined");
      expect(
        await store.applyMembership({ queueId: queue, userId: ada, joined: false, observedAtMs: T0 + 10 }),
      ).toBe("left");
      expect(
        await store.applyMembership({ queueId: queue, userId: ada, joined: true, observedAtMs: T0 + 5 }),
      ).toBe("ignored");
      expect(await store.joinedMembers(queue)).toEqual([bob]);

      const seed = store.beginConfirmation(queue, "seed", T0 + 100);
      await seed.applyPage([{ userId: cy, readAtMs: T0 + 100 }]);
      expect(await seed.finish()).toEqual({ listed: 1, left: 1 });
      expect((await store.joinedMembers(queue)).sort()).toEqual([cy]);
      // The tombstones the seed superseded are gone, and what they guarded is still refused.
      expect(
        await store.applyMembership({ queueId: queue, userId: ada, joined: true, observedAtMs: T0 + 50 }),
      ).toBe("ignored");
      const roster = await store.readQueueRoster(queue);
      expect(roster.members.map((member) => [member.id, member.joined]).sort()).toEqual(
        [
          [bob, false],
          [cy, true],
        ].sort(),
      );
    },
  );

  redisTest("a gap makes the queue stale until a read that began after it", async ({ redis }) => {
    const { store, clock } = testStore(redis, { maxConfirmedAgeMs: 60_000 });
    expect((await store.readQueueRoster(queue)).staleReason).toBe("never-seeded");
    await store.beginConfirmation(queue, "seed", T0).finish();
    expect((await store.readQueueRoster(queue)).stale).toBe(false);
    await store.markStale(queue, "socket-gap", T0 + 1_000);
    expect(await store.readQueueRoster(queue)).toMatchObject({ stale: true, staleReason: "socket-gap" });
    // A read that began before the gap ended does not repair it.
    await store.beginConfirmation(queue, "reconcile", T0 + 500).finish();
    expect((await store.readQueueRoster(queue)).stale).toBe(true);
    await store.beginConfirmation(queue, "reconcile", T0 + 1_000).finish();
    expect((await store.readQueueRoster(queue)).stale).toBe(false);
    clock.now = T0 + 1_000 + 60_001;
    expect((await store.readQueueRoster(queue)).staleReason).toBe("confirmation-too-old");
    const [status] = await store.readQueueStatus([queue]);
    expect(status).toMatchObject({ queueId: queue, stale: true, staleReason: "confirmation-too-old" });
  });

  redisTest("one refresh per staleness episode", async ({ redis }) => {
    const { store } = testStore(redis);
    await store.markStale(queue, "socket-gap", T0);
    const roster = await store.readQueueRoster(queue);
    const claims = await Promise.all([1, 2, 3].map(() => store.claimStaleRefresh(roster)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    // A read that failed gives its claim back: the next job reads at once, not after staleRefreshClaimMs.
    await store.releaseStaleRefresh(roster);
    expect(await store.claimStaleRefresh(roster)).toBe(true);
    expect(await store.claimStaleRefresh(roster)).toBe(false);
  });

  redisTest(
    "reconciliations that repair nothing are counted in a row; a repair starts again",
    async ({ redis }) => {
      const { store } = testStore(redis);
      const clean = async () => (await store.readQueueStatus([queue]))[0]?.meta.cleanReconciliations;
      expect(await clean()).toBe(0);
      await store.recordReconciliation(queue, false);
      await store.recordReconciliation(queue, false);
      expect(await clean()).toBe(2);
      await store.recordReconciliation(queue, true);
      expect(await clean()).toBe(0);
      await expect(store.recordReconciliation("not-a-queue", false)).rejects.toMatchObject({
        field: "queueId",
      });
    },
  );

  redisTest("bad input names the field and writes nothing", async ({ redis }) => {
    const { store } = testStore(redis);
    await expect(store.applyObservations([{ userId: "not-a-user" }])).rejects.toMatchObject({
      name: "RosterInputError",
      field: "observations[0].userId",
    });
    await expect(
      store.applyMembership({ queueId: queue, userId: ada, joined: true, observedAtMs: -1 }),
    ).rejects.toBeInstanceOf(RosterInputError);
    expect(await redis.keys()).toEqual([]);
  });

  redisTest(
    "an unchanged queue's members are not sent again; a change, a passed skills TTL and a new seed are seen",
    async ({ redis }) => {
      const { store, clock } = testStore(redis, { skillsTtlMs: 60_000 });
      const seedWith = async (atMs: number, skills: Record<string, number>) => {
        const seed = store.beginConfirmation(queue, "seed", atMs);
        await seed.applyPage([
          {
            userId: ada,
            routingStatus: { status: "IDLE", startTimeMs: atMs - 1_000 },
            skills,
            languages: [],
            readAtMs: atMs,
          },
        ]);
        await seed.finish();
      };
      await seedWith(T0, { [billing]: 4 });
      const first = await store.readQueueRoster(queue);
      // Held: the very members decoded before (Redis answered with the version only).
      const again = await store.readQueueRoster(queue);
      expect(again.version).toBe(first.version);
      expect(again.members).toBe(first.members);

      // Another process' change raises the version: read in full.
      await store.applyObservations([
        { userId: ada, routingStatus: { status: "INTERACTING", startTimeMs: T0 + 1_000 } },
      ]);
      const changed = await store.readQueueRoster(queue);
      expect(changed.version).toBeGreaterThan(first.version);
      expect(changed.members[0]?.routingStatus).toEqual({ status: "INTERACTING", startTime: T0 + 1_000 });

      // The skills pass their TTL with nothing changed in Redis: the held members say so.
      clock.now = T0 + 60_001;
      const expired = await store.readQueueRoster(queue);
      expect(expired.version).toBe(changed.version);
      expect(expired.members[0]?.skillsExpired).toBe(true);

      // Redis emptied and the queue seeded again, its counter back at the same number: the new seed is read.
      await redis.connection.del(...(await redis.keys()));
      clock.now = T0 + 120_000;
      await seedWith(clock.now, { [sales]: 5 });
      await redis.connection.hset(store.keys.versions, queue, String(expired.version));
      const reseeded = await store.readQueueRoster(queue);
      expect(reseeded.version).toBe(expired.version);
      expect(reseeded.members[0]?.skills).toEqual({ [sales]: 5 });
    },
  );

  redisTest(
    "reading only what changed gives the roster a full read gives, through joins, leaves, updates and seeds",
    async ({ redis }) => {
      // A small deterministic generator: the same operations on every run.
      let state = 7;
      const next = (n: number): number => {
        state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
        return Math.floor(state / 65_536) % n;
      };
      const users = Array.from({ length: 12 }, () => uuid());
      const other = uuid();
      const { store: incremental, clock } = testStore(redis, { skillsTtlMs: 50_000 });
      const statuses = ["IDLE", "INTERACTING", "NOT_RESPONDING", "OFF_QUEUE"] as const;
      let seeds = 0;
      let refreshes = 0;
      let previous: QueueRoster | undefined;
      // Every roster handed out, with a copy of its members as read: a later read must not change them.
      const handedOut: { roster: QueueRoster; members: string }[] = [];
      // Reads after a change that kept some decoded members as they were: only the changes were sent.
      let partialReads = 0;
      for (let step = 0; step < 200; step++) {
        clock.now = T0 + step * 1_000;
        const user = users[next(users.length)] ?? "";
        switch (next(7)) {
          case 0:
          case 1:
            await incremental.applyObservations([
              {
                userId: user,
                routingStatus: { status: statuses[next(4)] ?? "IDLE", startTimeMs: clock.now - next(500) },
                ...(next(2) === 0 ? { skills: { [billing]: next(6) }, readAtMs: clock.now } : {}),
              },
            ]);
            break;
          case 2:
            await incremental.applyMembership({
              queueId: next(4) === 0 ? other : queue,
              userId: user,
              joined: next(3) !== 0,
              observedAtMs: clock.now - next(3_000),
            });
            break;
          case 3: {
            // A complete read listing some of them (the rest leave; old tombstones are dropped). Skills
            // mostly as held: such a listing is quiet for them.
            const seed = incremental.beginConfirmation(
              queue,
              next(2) === 0 ? "seed" : "reconcile",
              clock.now,
            );
            const listed = users.filter(() => next(3) !== 0);
            await seed.applyPage(
              listed.map((userId) => ({
                userId,
                presence: {
                  systemPresence: next(2) === 0 ? "On Queue" : "Available",
                  modifiedAtMs: clock.now,
                },
                ...(next(2) === 0 ? { skills: { [billing]: next(2) } } : {}),
                readAtMs: clock.now,
              })),
            );
            await seed.finish();
            seeds += 1;
            break;
          }
          case 4: {
            // A skills listing of this queue or the other (a member of both is listed by either), or a CSAT
            // refresh of one or both. Values mostly as held: quiet for those.
            const listed = users.filter(() => next(2) === 0);
            if (next(2) === 0) {
              const refresh = incremental.beginRefresh("skills", [next(3) === 0 ? other : queue], clock.now);
              await refresh.applyPage(
                listed.map((userId) => ({ userId, skills: { [billing]: next(2) }, readAtMs: clock.now })),
              );
              await refresh.finish();
            } else {
              const refresh = incremental.beginRefresh(
                "csat",
                next(2) === 0 ? [queue, other] : [other],
                clock.now,
              );
              await refresh.applyPage(
                listed.map((userId) => ({ userId, csat: next(2) === 0 ? 0.5 : 0.75, readAtMs: clock.now })),
              );
              await refresh.finish();
            }
            refreshes += 1;
            break;
          }
          default:
            break; // only time passes (skills age)
        }
        // Sometimes two reads overlap (two decisions at once), both from the same held roster.
        const held =
          next(4) === 0
            ? (await Promise.all([incremental.readQueueRoster(queue), incremental.readQueueRoster(queue)]))[1]
            : await incremental.readQueueRoster(queue);
        handedOut.push({ roster: held, members: JSON.stringify(held.members) });
        expect(new Set(held.members.map((member) => member.id)).size, `step ${step}`).toBe(
          held.members.length,
        );
        const before = new Set(previous?.members);
        if (held.version !== previous?.version && held.members.some((member) => before.has(member))) {
          partialReads += 1;
        }
        previous = held;
        const fresh = await testStore(redis, {
          skillsTtlMs: 50_000,
          now: () => clock.now,
        }).store.readQueueRoster(queue);
        const byId = (members: readonly { id: string }[]) =>
          [...members].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        expect({ ...held, members: byId(held.members) }, `step ${step}`).toEqual({
          ...fresh,
          readAtMs: held.readAtMs,
          members: byId(fresh.members),
        });
      }
      expect(seeds).toBeGreaterThan(5);
      expect(refreshes).toBeGreaterThan(10);
      expect(partialReads).toBeGreaterThan(20);
      for (const [step, { roster, members }] of handedOut.entries()) {
        expect(JSON.stringify(roster.members), `roster read at step ${step}`).toBe(members);
      }
    },
  );

  redisTest(
    "two overlapping reads from the same held roster both drop a pruned member, and the next read builds on either",
    async ({ redis }) => {
      const { store, clock } = testStore(redis);
      const others = Array.from({ length: 8 }, () => uuid());
      const seed = store.beginConfirmation(queue, "seed", T0);
      await seed.applyPage([ada, ...others].map((userId) => ({ userId, skills: {}, readAtMs: T0 })));
      await seed.finish();
      const sorted = (roster: QueueRoster) => roster.members.map((member) => member.id).sort();
      const first = await store.readQueueRoster(queue);
      // Ada leaves, then a reconciliation drops her tombstone: the next read removes her from the middle
      // (read between its pages and its finish, so that the pruning alone is sent as a change).
      clock.now = T0 + 1_000;
      await store.applyMembership({ queueId: queue, userId: ada, joined: false, observedAtMs: clock.now });
      await store.readQueueRoster(queue);
      clock.now = T0 + 2_000;
      const reconcile = store.beginConfirmation(queue, "reconcile", clock.now);
      await reconcile.applyPage(others.map((userId) => ({ userId, readAtMs: clock.now })));
      await store.readQueueRoster(queue);
      await reconcile.finish();
      const overlapping = await Promise.all([store.readQueueRoster(queue), store.readQueueRoster(queue)]);
      for (const roster of overlapping) expect(sorted(roster)).toEqual([...others].sort());
      expect(sorted(first)).toEqual([ada, ...others].sort());
      // The member moved into Ada's place changes: found where it now is.
      const last = first.members.at(-1)?.id ?? "";
      await store.applyObservations([
        { userId: last, routingStatus: { status: "INTERACTING", startTimeMs: clock.now } },
      ]);
      const after = await store.readQueueRoster(queue);
      const fresh = await testStore(redis, { now: () => clock.now }).store.readQueueRoster(queue);
      expect(sorted(after)).toEqual(sorted(fresh));
      expect(after.members.find((member) => member.id === last)?.routingStatus?.status).toBe("INTERACTING");
    },
  );

  redisTest(
    "many incremental reads in a row end where a full read starts: the members kept in place never drift",
    async ({ redis }) => {
      let state = 11;
      const next = (n: number): number => {
        state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
        return Math.floor(state / 65_536) % n;
      };
      const users = Array.from({ length: 60 }, () => uuid());
      const { store: incremental, clock } = testStore(redis, { skillsTtlMs: 80_000 });
      const seed = incremental.beginConfirmation(queue, "seed", clock.now);
      await seed.applyPage(users.slice(0, 40).map((userId) => ({ userId, skills: {}, readAtMs: clock.now })));
      await seed.finish();
      const fullRead = () =>
        testStore(redis, { skillsTtlMs: 80_000, now: () => clock.now }).store.readQueueRoster(queue);
      const byId = (roster: QueueRoster) => ({
        ...roster,
        members: [...roster.members].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      });
      let held = await incremental.readQueueRoster(queue);
      let incrementalReads = 0;
      for (let step = 1; step <= 400; step++) {
        clock.now = T0 + step * 500;
        // A few writes between reads: updates, joins and leaves; now and then a reconciliation prunes.
        for (let write = next(4); write > 0; write--) {
          const user = users[next(users.length)] ?? "";
          const kind = next(20);
          if (kind < 12) {
            await incremental.applyObservations([
              {
                userId: user,
                routingStatus: { status: next(2) === 0 ? "IDLE" : "INTERACTING", startTimeMs: clock.now },
                ...(next(3) === 0 ? { skills: { [billing]: next(6) }, readAtMs: clock.now } : {}),
              },
            ]);
          } else if (kind < 19) {
            await incremental.applyMembership({
              queueId: queue,
              userId: user,
              joined: next(2) === 0,
              observedAtMs: clock.now,
            });
          } else {
            const reconcile = incremental.beginConfirmation(queue, "reconcile", clock.now);
            await reconcile.applyPage(
              users.filter(() => next(2) === 0).map((userId) => ({ userId, readAtMs: clock.now })),
            );
            // Read between the pages and the finish: the pruned tombstones alone are then sent as changes.
            if (next(2) === 0) await incremental.readQueueRoster(queue);
            await reconcile.finish();
          }
        }
        const version = held.version;
        held = await incremental.readQueueRoster(queue);
        if (held.version !== version) incrementalReads += 1;
        if (step % 100 === 0) {
          expect(byId(held), `step ${step}`).toEqual({ ...byId(await fullRead()), readAtMs: held.readAtMs });
        }
      }
      expect(incrementalReads).toBeGreaterThan(200);
      expect(byId(held)).toEqual({ ...byId(await fullRead()), readAtMs: held.readAtMs });
    },
  );
  redisTest(
    "a listing that finds nothing new notes no change: a reader holding the roster is sent nobody and shows what a full read shows",
    async ({ redis }) => {
      const { store, clock } = testStore(redis, { skillsTtlMs: 60_000 });
      const { store: reader } = testStore(redis, { skillsTtlMs: 60_000, now: () => clock.now });
      const members = Array.from({ length: 30 }, () => uuid());
      const listing = (atMs: number, skillsOf: (userId: string) => Record<string, number>) =>
        members.map((userId) => ({
          userId,
          routingStatus: { status: "IDLE" as const, startTimeMs: T0 - 1_000 },
          presence: { systemPresence: "On Queue", modifiedAtMs: T0 - 1_000 },
          skills: skillsOf(userId),
          languages: [english],
          readAtMs: atMs,
        }));
      const seed = store.beginConfirmation(queue, "seed", T0);
      await seed.applyPage(listing(T0, () => ({ [billing]: 3 })));
      await seed.finish();
      const held = await reader.readQueueRoster(queue);
      const changeLog = async () => Number(await redis.connection.get(store.keys.changeSeq));
      const noted = await changeLog();

      // A reconciliation 50 s later finds everyone as held: nothing is noted, yet every reader shows the
      // membership confirmed and the skills read then (they would expire at T0 + 60 s otherwise).
      clock.now = T0 + 50_000;
      const reconcile = store.beginConfirmation(queue, "reconcile", clock.now);
      expect(await reconcile.applyPage(listing(clock.now, () => ({ [billing]: 3 })))).toEqual({
        memberships: 0,
        users: 0,
      });
      await reconcile.finish();
      expect(await changeLog()).toBe(noted);
      clock.now = T0 + 70_000;
      const after = await reader.readQueueRoster(queue);
      const fresh = await testStore(redis, {
        skillsTtlMs: 60_000,
        now: () => clock.now,
      }).store.readQueueRoster(queue);
      const byId = (roster: QueueRoster) => [...roster.members].sort((a, b) => (a.id < b.id ? -1 : 1));
      expect(byId(after)).toEqual(byId(fresh));
      expect(after.members.every((m) => m.membershipChangedAtMs === T0 + 50_000)).toBe(true);
      expect(after.members.every((m) => m.skillsReadAtMs === T0 + 50_000 && !m.skillsExpired)).toBe(true);
      expect(held.members.every((m) => m.skillsReadAtMs === T0)).toBe(true);

      // A skills listing that finds one member changed notes that one alone.
      clock.now = T0 + 100_000;
      const [changedOne] = members;
      const refresh = store.beginRefresh("skills", [queue], clock.now);
      expect(
        await refresh.applyPage(
          listing(clock.now, (userId) => ({ [billing]: userId === changedOne ? 5 : 3 })).map(
            ({ userId, skills, languages, readAtMs }) => ({ userId, skills, languages, readAtMs }),
          ),
        ),
      ).toBe(1);
      await refresh.finish();
      expect(await changeLog()).toBe(noted + 1);
      const refreshed = await reader.readQueueRoster(queue);
      expect(byId(refreshed)).toEqual(
        byId(
          await testStore(redis, { skillsTtlMs: 60_000, now: () => clock.now }).store.readQueueRoster(queue),
        ),
      );
      expect(refreshed.members.find((m) => m.id === changedOne)?.skills).toEqual({ [billing]: 5 });
      expect(refreshed.members.every((m) => m.skillsReadAtMs === T0 + 100_000)).toBe(true);
      expect(refreshed.version).toBeGreaterThan(after.version);
    },
  );

  redisTest(
    "a member of two queues keeps the read time the second queue's readers show until that queue lists it",
    async ({ redis }) => {
      const second = uuid();
      const { store, clock } = testStore(redis, { skillsTtlMs: 60_000 });
      for (const queueId of [queue, second]) {
        const seed = store.beginConfirmation(queueId, "seed", T0);
        await seed.applyPage([{ userId: ada, skills: { [billing]: 3 }, readAtMs: T0 }]);
        await seed.finish();
      }
      clock.now = T0 + 30_000;
      const refresh = store.beginRefresh("skills", [queue], clock.now);
      await refresh.applyPage([{ userId: ada, skills: { [billing]: 3 }, readAtMs: clock.now }]);
      await refresh.finish();
      const read = async (queueId: string) =>
        (await testStore(redis, { now: () => clock.now }).store.readQueueRoster(queueId)).members[0];
      // The first queue's floor stands for the listing; the second queue's readers were told nothing.
      expect((await read(queue))?.skillsReadAtMs).toBe(T0 + 30_000);
      expect((await read(second))?.skillsReadAtMs).toBe(T0);
    },
  );

  redisTest(
    "a refresh refuses an observation read at another time or carrying another field, naming it",
    async ({ redis }) => {
      const { store } = testStore(redis);
      const refresh = store.beginRefresh("skills", [queue], T0);
      await expect(
        refresh.applyPage([
          { userId: ada, skills: {}, readAtMs: T0 },
          { userId: bob, skills: {}, readAtMs: T0 + 1 },
        ]),
      ).rejects.toMatchObject({ name: "RosterInputError", field: "observations[1].readAtMs" });
      await expect(
        refresh.applyPage([{ userId: ada, skills: {}, csat: 0.5, readAtMs: T0 }]),
      ).rejects.toMatchObject({ name: "RosterInputError", field: "observations[0].csat" });
      await expect(
        store.beginRefresh("csat", [queue], T0).applyPage([{ userId: ada, languages: [], readAtMs: T0 }]),
      ).rejects.toMatchObject({ name: "RosterInputError", field: "observations[0].languages" });
      for (const field of ["presence", "constructor"]) {
        expect(() => store.beginRefresh(field as "csat", [queue], T0)).toThrow(RosterInputError);
      }
      expect(() => store.beginRefresh("csat", ["not-a-queue"], T0)).toThrow(RosterInputError);
      await refresh.finish();
      await expect(refresh.finish()).rejects.toBeInstanceOf(RosterInputError);
    },
  );
});

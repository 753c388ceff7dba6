import { createRosterStore, rosterCandidates, rosterKeyPrefix, type UserObservation } from "@routing/roster";
import type { IsolatedRedis } from "@routing/test-utils";
import { describe, expect } from "vitest";
import type { RosterOverview, RosterQueueDetail } from "../src/roster/roster-view.js";
import { dashboardTest, type ErrorAnswer } from "./dashboard-fixture.js";

const QUEUE = "9a000000-0000-4000-8000-000000000001";
const NEVER_SEEDED = "9a000000-0000-4000-8000-000000000002";
const NO_LONGER_FOLLOWED = "9a000000-0000-4000-8000-000000000003";
const UNKNOWN = "9a000000-0000-4000-8000-0000000000ff";
// Ids chosen so that sorting by id alone would put a member who cannot be offered first.
const BOB = "00000000-0000-4000-8000-00000000000b"; // joined, presence Available: not routable
const DEE = "10000000-0000-4000-8000-00000000000d"; // left after the seed
const CY = "c0000000-0000-4000-8000-00000000000c"; // On Queue, INTERACTING: routable
const EVE = "e0000000-0000-4000-8000-00000000000e"; // On Queue but OFF_QUEUE: not routable
const ADA = "f0000000-0000-4000-8000-00000000000a"; // On Queue, IDLE: routable
const BILLING = "5c2b7a4e-1d2e-4f3a-8b9c-0d1e2f3a4b5c";
const SALES = "5c2b7a4e-1d2e-4f3a-8b9c-0d1e2f3a4b5d";
const ENGLISH = "7e000000-0000-4000-8000-000000000001";

function storeOf(redis: IsolatedRedis) {
  return createRosterStore(redis.connection, { keyPrefix: rosterKeyPrefix(redis.prefix) });
}

function member(
  userId: string,
  status: "IDLE" | "INTERACTING" | "OFF_QUEUE",
  presence: string,
  atMs: number,
): UserObservation {
  return {
    userId,
    name: `Agent ${userId.slice(0, 2)}`,
    routingStatus: { status, startTimeMs: atMs - 120_000 },
    presence: { systemPresence: presence, modifiedAtMs: atMs - 90_000 },
    skills: { [BILLING]: 2 },
    languages: [],
    readAtMs: atMs,
  };
}

/** A roster as the ingester and worker leave it, written through packages/roster's own API. */
async function seedRoster(redis: IsolatedRedis, now: number) {
  const store = storeOf(redis);
  const seededAt = now - 60_000;
  await store.declareFollowed([QUEUE, NEVER_SEEDED], now - 1_000);
  // Declared two hours ago: the ingesters stopped following it, so the list leaves it out.
  await store.declareFollowed([NO_LONGER_FOLLOWED], now - 2 * 3_600_000);
  const ada: UserObservation = {
    ...member(ADA, "IDLE", "On Queue", seededAt),
    name: "Ada",
    skills: { [BILLING]: 4, [SALES]: 2 },
    languages: [ENGLISH],
  };
  const seed = store.beginConfirmation(QUEUE, "seed", seededAt);
  await seed.applyPage([
    ada,
    member(BOB, "IDLE", "Available", seededAt),
    member(CY, "INTERACTING", "On Queue", seededAt),
    member(DEE, "IDLE", "On Queue", seededAt),
    member(EVE, "OFF_QUEUE", "On Queue", seededAt),
  ]);
  await seed.finish();
  await store.applyMembership({ queueId: QUEUE, userId: DEE, joined: false, observedAtMs: now - 5_000 });
  // A skills listing that found every member as the seed did.
  await store.beginRefresh("skills", [QUEUE], now - 30_000).finish();
  // A CSAT refresh that found no member with enough survey responses.
  await store.beginRefresh("csat", [QUEUE], now - 20_000).finish();
  const old = store.beginConfirmation(NO_LONGER_FOLLOWED, "seed", seededAt);
  await old.applyPage([ada]);
  await old.finish();
  return { store, seededAt };
}

async function errorOf(response: Response): Promise<ErrorAnswer["error"]> {
  return ((await response.json()) as ErrorAnswer).error;
}

describe("GET /api/roster and /api/roster/queues/:queueId (real Redis, real HTTP)", () => {
  dashboardTest(
    "lists the followed queues with staleness, age and the members joined and routable by the roster's rule",
    async ({ redis, dashboard }) => {
      const now = Date.now();
      const { store, seededAt } = await seedRoster(redis, now);

      const response = await dashboard.request("/api/roster");
      expect(response.status).toBe(200);
      const body = (await response.json()) as RosterOverview;
      expect(body.followedWithinMs).toBe(3_600_000);
      expect(body.queues.map((queue) => queue.queueId)).toEqual([QUEUE, NEVER_SEEDED]);
      const [seeded, never] = body.queues;
      const status = (await store.readQueueStatus([QUEUE]))[0];
      const routable = rosterCandidates(await store.readQueueRoster(QUEUE)).length;
      expect(routable).toBe(2);
      expect(seeded).toMatchObject({
        queueId: QUEUE,
        version: status?.version,
        stale: false,
        staleReason: null,
        confirmedAtMs: seededAt,
        seededAtMs: seededAt,
        skillsRefreshedAtMs: now - 30_000,
        csatRefreshedAtMs: now - 20_000,
        membersJoined: 4,
        membersRoutable: routable,
      });
      expect(seeded?.version).toBeGreaterThan(0);
      expect(seeded?.ageSeconds).toBeGreaterThanOrEqual(60);
      expect(seeded?.ageSeconds).toBeLessThan(90);
      expect(never).toEqual({
        queueId: NEVER_SEEDED,
        version: 0,
        stale: true,
        staleReason: "never-seeded",
        ageSeconds: null,
        confirmedAtMs: null,
        seededAtMs: null,
        skillsRefreshedAtMs: null,
        csatRefreshedAtMs: null,
        membersJoined: 0,
        membersRoutable: 0,
      });

      // A socket gap marks it stale, with its reason, until a read begun after the gap.
      await store.markStale(QUEUE, "socket-gap", now);
      const after = (await (await dashboard.request("/api/roster")).json()) as RosterOverview;
      expect(after.queues[0]).toMatchObject({ queueId: QUEUE, stale: true, staleReason: "socket-gap" });
    },
  );

  dashboardTest(
    "a queue's members: routable first then by id, with status, presence, skills and languages, paged by cursor",
    async ({ redis, dashboard }) => {
      const now = Date.now();
      const { seededAt } = await seedRoster(redis, now);

      const response = await dashboard.request(`/api/roster/queues/${QUEUE}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as RosterQueueDetail;
      expect(body).toMatchObject({
        queueId: QUEUE,
        stale: false,
        followed: true,
        entries: 5,
        membersJoined: 4,
        membersRoutable: 2,
        staleUntilMs: null,
        nextCursor: null,
      });
      expect(body.members.map((entry) => [entry.id, entry.routable, entry.joined])).toEqual([
        [CY, true, true],
        [ADA, true, true],
        [BOB, false, true],
        [EVE, false, true],
        [DEE, false, false],
      ]);
      expect(body.members[1]).toEqual({
        id: ADA,
        name: "Ada",
        joined: true,
        routable: true,
        membershipChangedAtMs: seededAt,
        routingStatus: { status: "IDLE", startTimeMs: seededAt - 120_000 },
        presence: { systemPresence: "On Queue", modifiedAtMs: seededAt - 90_000 },
        skills: { [BILLING]: 4, [SALES]: 2 },
        languages: [ENGLISH],
        // The skills refresh 30 s ago listed her (a listing that finds her skills unchanged is quiet).
        skillsReadAtMs: now - 30_000,
        skillsExpired: false,
        csat: null,
        csatReadAtMs: null,
      });
      expect(body.members[4]?.membershipChangedAtMs).toBe(now - 5_000);

      // Two at a time: three pages, the same members in the same order, the last without a cursor.
      const paged: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor === null ? "?limit=2" : `?limit=2&cursor=${encodeURIComponent(cursor)}`;
        const page = (await (
          await dashboard.request(`/api/roster/queues/${QUEUE}${query}`)
        ).json()) as RosterQueueDetail;
        expect(page.members.length).toBeLessThanOrEqual(2);
        paged.push(...page.members.map((entry) => entry.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== null && pages < 10);
      expect(pages).toBe(3);
      expect(paged).toEqual([CY, ADA, BOB, EVE, DEE]);

      // A queue the ingesters stopped following still answers what the roster holds of it.
      const old = (await (
        await dashboard.request(`/api/roster/queues/${NO_LONGER_FOLLOWED}`)
      ).json()) as RosterQueueDetail;
      expect(old).toMatchObject({ followed: false, membersJoined: 1, membersRoutable: 1 });
      // A followed queue never seeded is known, with no members yet.
      const never = (await (
        await dashboard.request(`/api/roster/queues/${NEVER_SEEDED}`)
      ).json()) as RosterQueueDetail;
      expect(never).toMatchObject({ followed: true, stale: true, staleReason: "never-seeded", members: [] });
    },
  );

  dashboardTest(
    "bad ids and parameters are 400s naming the field, an unknown queue a 404, and both routes need a login",
    async ({ redis, dashboard }) => {
      await seedRoster(redis, Date.now());
      const cases = [
        ["/api/roster/queues/not-a-queue", 400, "queueId"],
        [`/api/roster/queues/${QUEUE}?limit=0`, 400, "limit"],
        [`/api/roster/queues/${QUEUE}?limit=501`, 400, "limit"],
        [`/api/roster/queues/${QUEUE}?cursor=somewhere`, 400, "cursor"],
        [`/api/roster/queues/${QUEUE}?sort=name`, 400, "sort"],
        [`/api/roster/queues/${UNKNOWN}`, 404, "queueId"],
      ] as const;
      for (const [path, status, field] of cases) {
        const response = await dashboard.request(path);
        expect(response.status, path).toBe(status);
        expect((await errorOf(response)).field, path).toBe(field);
      }
      const unknown = await errorOf(await dashboard.request(`/api/roster/queues/${UNKNOWN}`));
      expect(unknown.code).toBe("roster-queue-not-found");
      expect((await dashboard.request(`/api/roster/queues/${QUEUE}?limit=500`)).status).toBe(200);

      for (const path of ["/api/roster", `/api/roster/queues/${QUEUE}`]) {
        const response = await dashboard.request(path, { auth: false });
        expect(response.status, path).toBe(401);
        expect(JSON.stringify(await response.json())).not.toContain(ADA);
      }
    },
  );

  dashboardTest(
    "reading never writes the roster, and never logs its members",
    async ({ redis, dashboard }) => {
      await seedRoster(redis, Date.now());
      const snapshot = async () => {
        const keys = (await redis.keys())
          .filter((key) => key.startsWith(rosterKeyPrefix(redis.prefix)))
          .sort();
        return Promise.all(keys.map(async (key) => [key, await redis.connection.dump(key)] as const));
      };
      const before = await snapshot();
      expect(before.length).toBeGreaterThan(0);
      for (const path of [
        "/api/roster",
        `/api/roster/queues/${QUEUE}`,
        `/api/roster/queues/${QUEUE}?limit=1`,
      ]) {
        expect((await dashboard.request(path)).status).toBe(200);
      }
      expect(await snapshot()).toEqual(before);
      for (const id of [ADA, BOB, CY, DEE, EVE]) expect(dashboard.logText()).not.toContain(id);
    },
  );
});

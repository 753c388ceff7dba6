/**
 * The worker's roster jobs against the emulator and the real Redis: a seed fills the roster from one
 * members listing, a join costs one user read, reconciliation counts and repairs what changed behind the
 * roster's back (Genesys sends no event for a skill change), the skills refresh catches skill changes
 * within its budget, and our own skill writes reach the roster without a read.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { RunningEmulator } from "@routing/genesys-emulator";
import { QUEUES } from "@routing/jobs";
import { createRosterStore, type RosterStore, rosterKeyPrefix } from "@routing/roster";
import type { IsolatedRedis } from "@routing/test-utils";
import { describe, expect } from "vitest";
import { candidateFromSnapshot, firstQueue, queueMembers } from "./support/emulator-agents.js";
import { sumMetric } from "./support/metrics.js";
import { createWorkerTest, type WorkerHarness, waitForFinished } from "./support/worker-harness.js";

const test = createWorkerTest({ clock: "manual", contactCentre: { arrivalsPerMinute: 0 } });

function storeOf(redis: IsolatedRedis): RosterStore {
  return createRosterStore(redis.connection, { keyPrefix: rosterKeyPrefix(redis.prefix) });
}

function apiCalls(emulator: RunningEmulator, pathPrefix: string) {
  return emulator.control.requestLog().filter((entry) => entry.path.startsWith(pathPrefix));
}

async function run<
  Name extends "roster.seed" | "roster.member" | "roster.reconcile" | "roster.skills-refresh",
>(harness: WorkerHarness, name: Name, input: Parameters<WorkerHarness["add"]>[1] & object) {
  const job = await harness.add(name, input as never);
  const finished = await waitForFinished(harness.queue(QUEUES.maintenance), job.id ?? "");
  expect(await finished.getState()).toBe("completed");
  return finished.returnvalue as Record<string, unknown>;
}

/** A worker, and a queue its roster holds stale: seeded, then a socket gap that ended now. */
async function afterAGap(fixtures: {
  emulator: RunningEmulator;
  harness: WorkerHarness;
  redis: IsolatedRedis;
}) {
  const worker = await fixtures.harness.startWorker();
  const queue = firstQueue(fixtures.emulator.control.snapshot());
  const store = storeOf(fixtures.redis);
  await run(fixtures.harness, "roster.seed", { queueId: queue.id, reason: "start", toMs: Date.now() });
  await sleep(5);
  const gapEndMs = Date.now();
  await store.markStale(queue.id, "socket-gap", gapEndMs);
  const seedsAlreadyConfirmed = () =>
    sumMetric([worker.dependencies.registry], "worker_roster_reads_total", {
      kind: "seed",
      result: "already-confirmed",
    });
  return { queue, store, gapEndMs, seedsAlreadyConfirmed };
}

describe("roster jobs", () => {
  test("roster.seed fills a queue's roster from one members listing, every member as the API shows it", async ({
    emulator,
    harness,
    redis,
  }) => {
    await harness.startWorker();
    const snapshot = emulator.control.snapshot();
    const queue = firstQueue(snapshot);
    emulator.control.clearLogs();
    const outcome = await run(harness, "roster.seed", {
      queueId: queue.id,
      reason: "start",
      toMs: Date.now(),
    });
    expect(outcome).toMatchObject({
      status: "seeded",
      listed: queueMembers(snapshot, queue.id).length,
      requests: 1,
    });
    const listings = apiCalls(emulator, `/api/v2/routing/queues/${queue.id}/members`);
    expect(listings).toHaveLength(1);
    expect(listings[0]?.query).toContain("expand=routingStatus%2Cpresence%2Cskills%2Clanguages");

    const roster = await storeOf(redis).readQueueRoster(queue.id);
    expect(roster.stale).toBe(false);
    const expected = queueMembers(snapshot, queue.id).map((agent) => ({
      ...candidateFromSnapshot(agent),
      // The roster keeps language ids sorted (one canonical text per set).
      languages: [...candidateFromSnapshot(agent).languages].sort(),
      presence: { systemPresence: agent.presence.systemPresence, modifiedAtMs: agent.presence.modifiedAt },
      joined: true,
    }));
    const byId = <T extends { id: string }>(list: readonly T[]) =>
      [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(byId(roster.members)).toEqual(byId(expected).map((member) => expect.objectContaining(member)));
  });

  test("roster.seed lists nothing when a complete read began after it was asked for (the gap's stale refresh)", async ({
    emulator,
    harness,
    redis,
  }) => {
    const { queue, store, gapEndMs, seedsAlreadyConfirmed } = await afterAGap({ emulator, harness, redis });
    // A decision that claimed the stale episode reads the queue before the ingester's seed of the gap runs.
    await run(harness, "roster.reconcile", { queueId: queue.id, requestedAtMs: gapEndMs });
    expect((await store.readQueueRoster(queue.id)).stale).toBe(false);
    emulator.control.clearLogs();

    const seed = await run(harness, "roster.seed", {
      queueId: queue.id,
      reason: "gap",
      fromMs: gapEndMs - 5_000,
      toMs: gapEndMs,
    });
    expect(seed).toMatchObject({ status: "already-confirmed", requests: 0 });
    expect(apiCalls(emulator, "/api/")).toEqual([]);
    expect(await seedsAlreadyConfirmed()).toBe(1);

    // A seed asked for after that read (a later gap) lists the queue.
    const later = await run(harness, "roster.seed", {
      queueId: queue.id,
      reason: "gap",
      toMs: Date.now() + 1,
    });
    expect(later).toMatchObject({ status: "seeded", requests: 1 });
    expect(apiCalls(emulator, `/api/v2/routing/queues/${queue.id}/members`)).toHaveLength(1);
  });

  test("a gap's seed waits for the listing of the decision that claimed the stale episode, and lists nothing itself", async ({
    emulator,
    harness,
    redis,
  }) => {
    const { queue, store, gapEndMs, seedsAlreadyConfirmed } = await afterAGap({ emulator, harness, redis });
    const maintenance = harness.queue(QUEUES.maintenance);
    // A decision claimed the episode and is listing the queue (WORKER_ROSTER_ON_STALE=refresh).
    expect(await store.claimStaleRefresh(await store.readQueueRoster(queue.id))).toBe(true);
    emulator.control.clearLogs();

    const job = await harness.add("roster.seed", {
      queueId: queue.id,
      reason: "gap",
      fromMs: gapEndMs - 5_000,
      toMs: gapEndMs,
    });
    // It waits delayed (no maintenance slot held, no attempt spent), a second at a time.
    for (let waited = 0; (await maintenance.getJobState(job.id ?? "")) !== "delayed"; waited += 50) {
      if (waited > 5_000) throw new Error("the seed never waited");
      await sleep(50);
    }
    expect((await maintenance.getJob(job.id ?? ""))?.attemptsMade).toBe(0);
    expect(apiCalls(emulator, "/api/")).toEqual([]);
    // The decision's listing ends (a reconciliation stands for it here: the same complete read).
    await run(harness, "roster.reconcile", { queueId: queue.id, requestedAtMs: gapEndMs });
    const seed = await waitForFinished(maintenance, job.id ?? "");

    expect(seed.returnvalue).toMatchObject({ status: "already-confirmed", requests: 0 });
    expect(apiCalls(emulator, `/api/v2/routing/queues/${queue.id}/members`)).toHaveLength(1);
    expect(await seedsAlreadyConfirmed()).toBe(1);
  });

  test("a worker whose clock is behind the ingester's: its seed and its reconciliation after a gap clear the mark", async ({
    emulator,
    harness,
    redis,
  }) => {
    await harness.startWorker({}, { nowMs: () => Date.now() - 5_000 });
    const queue = firstQueue(emulator.control.snapshot());
    const store = storeOf(redis);
    await run(harness, "roster.seed", { queueId: queue.id, reason: "start", toMs: Date.now() });
    // The ingester's clock says the gap ended now; the worker's says it is 5 s earlier.
    const gapEndMs = Date.now();
    await store.markStale(queue.id, "socket-gap", gapEndMs);
    await run(harness, "roster.reconcile", { queueId: queue.id, requestedAtMs: gapEndMs });
    expect(await store.readQueueRoster(queue.id)).toMatchObject({ stale: false, confirmedAtMs: gapEndMs });

    await sleep(5);
    const nextGapEndMs = Date.now();
    await store.markStale(queue.id, "socket-gap", nextGapEndMs);
    const seed = await run(harness, "roster.seed", { queueId: queue.id, reason: "gap", toMs: nextGapEndMs });
    expect(seed).toMatchObject({ status: "seeded", requests: 1 });
    expect(await store.readQueueRoster(queue.id)).toMatchObject({
      stale: false,
      confirmedAtMs: nextGapEndMs,
    });

    // A mark a minute ahead of this worker is a wrong clock, not skew: the listing keeps the worker's stamp
    // (and the queue stays stale until a listing the worker's clock puts after the mark).
    const wrongClockMs = Date.now() + 60_000;
    await store.markStale(queue.id, "socket-gap", wrongClockMs);
    await run(harness, "roster.reconcile", { queueId: queue.id, requestedAtMs: wrongClockMs });
    const afterWrongClock = await store.readQueueRoster(queue.id);
    expect(afterWrongClock.stale).toBe(true);
    expect(afterWrongClock.confirmedAtMs).toBeLessThan(Date.now());
  });

  test("a start-up seed does not take a never-seeded queue's claim from the decisions: it lists anyway", async ({
    emulator,
    harness,
    redis,
  }) => {
    await harness.startWorker();
    const queue = firstQueue(emulator.control.snapshot());
    const store = storeOf(redis);
    // A decision holds the never-seeded queue's claim (it lists on the decision lane; the others wait).
    expect(await store.claimStaleRefresh(await store.readQueueRoster(queue.id))).toBe(true);

    const seed = await run(harness, "roster.seed", { queueId: queue.id, reason: "start", toMs: Date.now() });

    expect(seed).toMatchObject({ status: "seeded", requests: 1 });
  });

  test("a seed whose listing fails gives the episode back: its retry, or a decision, lists at once", async ({
    emulator,
    harness,
    redis,
  }) => {
    const { queue, store } = await afterAGap({ emulator, harness, redis });
    // A 403 is permanent: the seed fails at once, without the client's retries.
    emulator.control.injectFaults({ status: 403, pathPrefix: `/api/v2/routing/queues/${queue.id}/members` });

    const job = await harness.add("roster.seed", { queueId: queue.id, reason: "gap", toMs: Date.now() });
    const failed = await waitForFinished(harness.queue(QUEUES.maintenance), job.id ?? "");

    expect(await failed.getState()).toBe("failed");
    expect(await store.claimStaleRefresh(await store.readQueueRoster(queue.id))).toBe(true);
  });

  test("roster.member reads the user who joined, once, and the roster can route to them", async ({
    emulator,
    harness,
    redis,
  }) => {
    await harness.startWorker();
    const snapshot = emulator.control.snapshot();
    const queue = firstQueue(snapshot);
    const joiner = snapshot.agents.find((agent) => !agent.queueIds.includes(queue.id));
    if (joiner === undefined) throw new Error("every agent is in the first queue");
    const store = storeOf(redis);
    // What the ingester does with a join event: the membership, then this job.
    await store.applyMembership({
      queueId: queue.id,
      userId: joiner.id,
      joined: true,
      observedAtMs: Date.now(),
    });
    emulator.control.clearLogs();
    const outcome = await run(harness, "roster.member", {
      queueId: queue.id,
      userId: joiner.id,
      observedAtMs: Date.now(),
    });
    expect(outcome).toMatchObject({ status: "read", changed: true });
    expect(apiCalls(emulator, "/api/").map((entry) => `${entry.method} ${entry.path}`)).toEqual([
      `GET /api/v2/users/${joiner.id}`,
    ]);
    const member = (await store.readQueueRoster(queue.id)).members.find(
      (candidate) => candidate.id === joiner.id,
    );
    const expected = candidateFromSnapshot(joiner);
    expect(member).toMatchObject({ ...expected, languages: [...expected.languages].sort(), joined: true });
  });

  test("reconciliation counts what changed behind the roster's back, per field, and repairs it", async ({
    emulator,
    harness,
    redis,
  }) => {
    // The worker's clock, moved by the test: a scheduled run reads a queue once its interval has passed.
    let nowMs = Date.now();
    const worker = await harness.startWorker({}, { nowMs: () => nowMs });
    const snapshot = emulator.control.snapshot();
    const queue = firstQueue(snapshot);
    const store = storeOf(redis);
    await store.declareFollowed([queue.id], nowMs);
    await run(harness, "roster.seed", { queueId: queue.id, reason: "start", toMs: nowMs });
    nowMs += 60_000;
    await store.declareFollowed([queue.id], nowMs);

    // Silent changes: a skill (Genesys has no topic for it) and a member leaving while no ingester listened.
    const [changed, leaver] = queueMembers(snapshot, queue.id);
    const skill = changed?.skills.find((entry) => entry.state === "active");
    if (changed === undefined || leaver === undefined || skill === undefined) throw new Error("no fixture");
    const proficiency = skill.proficiency === 5 ? 1 : 5;
    emulator.control.setAgentSkills(changed.id, [{ skillId: skill.id, proficiency }]);
    emulator.control.setQueueMembership(leaver.id, queue.id, false);

    const outcome = await run(harness, "roster.reconcile", { requestedAtMs: nowMs });
    expect(outcome).toMatchObject({ status: "reconciled", queues: 1 });
    const registries = [worker.dependencies.registry];
    const drift = (field: string) =>
      sumMetric(registries, "routing_roster_drift_total", { queue_id: queue.id, field });
    expect(await drift("skills")).toBe(1);
    expect(await drift("membership")).toBe(1);
    expect(await drift("routingStatus")).toBe(0);
    expect(await drift("presence")).toBe(0);

    const roster = await store.readQueueRoster(queue.id);
    expect(roster.members.find((member) => member.id === changed.id)?.skills[skill.id]).toBe(proficiency);
    expect(roster.members.find((member) => member.id === leaver.id)?.joined ?? false).toBe(false);

    // Repaired: the next run finds nothing wrong. A run that repaired something keeps the base interval.
    nowMs += 60_000;
    await store.declareFollowed([queue.id], nowMs);
    expect(await run(harness, "roster.reconcile", { requestedAtMs: nowMs })).toMatchObject({
      status: "reconciled",
      queues: 1,
    });
    expect(await drift("skills")).toBe(1);
    expect(await drift("membership")).toBe(1);
  });

  test("a reconciliation that repairs nothing doubles the queue's interval; a repair brings it back", async ({
    emulator,
    harness,
    redis,
  }) => {
    let nowMs = Date.now();
    await harness.startWorker({}, { nowMs: () => nowMs });
    const snapshot = emulator.control.snapshot();
    const queue = firstQueue(snapshot);
    const store = storeOf(redis);
    await run(harness, "roster.seed", { queueId: queue.id, reason: "start", toMs: nowMs });
    const listings = () => apiCalls(emulator, `/api/v2/routing/queues/${queue.id}/members`).length;
    emulator.control.clearLogs();
    /** A scheduled run `afterMs` after the previous step: whether it read the queue. */
    const scheduledRunAfter = async (afterMs: number): Promise<boolean> => {
      nowMs += afterMs;
      await store.declareFollowed([queue.id], nowMs);
      const before = listings();
      // Each run its own job (a scheduler tick): requestedAtMs names it.
      const outcome = await run(harness, "roster.reconcile", { requestedAtMs: nowMs });
      expect(outcome.status).toBe(listings() > before ? "reconciled" : "none-due");
      return listings() > before;
    };

    // Seeded just now: due after the base interval (60 s), then 120 s after a clean run, then 240 s.
    expect(await scheduledRunAfter(30_000)).toBe(false);
    expect(await scheduledRunAfter(30_000)).toBe(true);
    expect(await scheduledRunAfter(60_000)).toBe(false);
    expect(await scheduledRunAfter(60_000)).toBe(true);
    expect(await scheduledRunAfter(120_000)).toBe(false);
    // A change Genesys sends no event for: the run that finds it is back on the base interval.
    const [member] = queueMembers(snapshot, queue.id);
    const skill = member?.skills.find((entry) => entry.state === "active");
    if (member === undefined || skill === undefined) throw new Error("no fixture");
    emulator.control.setAgentSkills(member.id, [
      { skillId: skill.id, proficiency: skill.proficiency === 5 ? 1 : 5 },
    ]);
    expect(await scheduledRunAfter(120_000)).toBe(true);
    expect(await scheduledRunAfter(60_000)).toBe(true);
    expect((await store.readQueueStatus([queue.id]))[0]?.meta.cleanReconciliations).toBe(1);
  });

  test("reconciliation spends no more than its share: a run without credit reads nothing", async ({
    emulator,
    harness,
    redis,
  }) => {
    // 1% of 100 requests a minute over a 60 s run: one request per run.
    await harness.startWorker({ GENESYS_RATE_LIMIT: "100", WORKER_ROSTER_RECONCILE_BUDGET_SHARE: "0.01" });
    const snapshot = emulator.control.snapshot();
    const store = storeOf(redis);
    await store.declareFollowed(
      snapshot.queues.map((queue) => queue.id),
      Date.now(),
    );
    emulator.control.clearLogs();
    const first = await run(harness, "roster.reconcile", {});
    expect(first).toMatchObject({
      status: "reconciled",
      queues: 1,
      skippedForBudget: snapshot.queues.length - 1,
    });
    expect(apiCalls(emulator, "/api/v2/routing/queues/")).toHaveLength(1);
  });

  test("the skills refresh re-reads skills (and only skills and languages) of the queues whose skills are oldest", async ({
    emulator,
    harness,
    redis,
  }) => {
    await harness.startWorker();
    const snapshot = emulator.control.snapshot();
    const queue = firstQueue(snapshot);
    const store = storeOf(redis);
    await run(harness, "roster.seed", { queueId: queue.id, reason: "start", toMs: Date.now() });
    const [agent] = queueMembers(snapshot, queue.id);
    const [skill] = snapshot.skills;
    if (agent === undefined || skill === undefined) throw new Error("no fixture");
    emulator.control.setAgentSkills(agent.id, [{ skillId: skill.id, proficiency: 2.5 }]);
    emulator.control.clearLogs();
    const outcome = await run(harness, "roster.skills-refresh", { queueId: queue.id });
    expect(outcome).toMatchObject({ status: "refreshed", queues: 1 });
    const [listing] = apiCalls(emulator, "/api/v2/routing/queues/");
    expect(listing?.query).toContain("expand=skills%2Clanguages");
    const member = (await store.readQueueRoster(queue.id)).members.find(
      (candidate) => candidate.id === agent.id,
    );
    expect(member?.skills[skill.id]).toBe(2.5);
  });
});

const HISTORY_MS = 4 * 60 * 60 * 1000;
const withHistory = createWorkerTest({ clock: "manual", contactCentre: { arrivalsPerMinute: 6 } });

describe("skill adjustment writes through to the roster", () => {
  withHistory(
    "a live skills.adjust run leaves the written proficiencies in the roster, without a read",
    async ({ emulator, harness, redis }) => {
      const startMs = emulator.control.now();
      await emulator.control.advance(HISTORY_MS);
      const queue = firstQueue(emulator.control.snapshot());
      await harness.startWorker({ WORKER_SKILL_ADJUSTMENT_TARGETS: `${queue.id}:${queue.primarySkillId}` });
      await run(harness, "roster.seed", { queueId: queue.id, reason: "start", toMs: Date.now() });
      emulator.control.clearLogs();
      const job = await harness.add("skills.adjust", {
        queueId: queue.id,
        intervalStartMs: startMs,
        intervalEndMs: startMs + HISTORY_MS,
      });
      const done = await waitForFinished(harness.queue(QUEUES.maintenance), job.id ?? "", 20_000);
      const adjustments = (done.returnvalue as { adjustments: { userId: string; to: number }[] }).adjustments;
      expect(adjustments.length).toBeGreaterThan(0);
      // No listing was made for the roster: what it holds came from the PATCH answers.
      expect(apiCalls(emulator, "/api/v2/routing/queues/")).toEqual([]);
      const roster = await storeOf(redis).readQueueRoster(queue.id);
      for (const { userId, to } of adjustments) {
        expect(roster.members.find((member) => member.id === userId)?.skills[queue.primarySkillId]).toBe(to);
      }
    },
  );
});

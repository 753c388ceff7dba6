/**
 * The decision handlers on the live roster (issues #7, #8): what each decision costs in Genesys calls,
 * counted at the emulator, with the roster in the real Redis and a real worker app. The emulator's clock is
 * manual, so nothing changes between the roster read and the assertions.
 */
import { randomUUID } from "node:crypto";
import type { EmulatorSnapshot, RunningEmulator } from "@routing/genesys-emulator";
import { QUEUES } from "@routing/jobs";
import { createRosterStore, rosterKeyPrefix } from "@routing/roster";
import { describe, expect } from "vitest";
import { firstQueue, queueMembers } from "./support/emulator-agents.js";
import { createWorkerTest, type WorkerHarness, waitForFinished } from "./support/worker-harness.js";

const test = createWorkerTest({ clock: "manual", contactCentre: { arrivalsPerMinute: 0 } });

/** Core's default threshold 0.75 on the 0–5 scale. */
const PASSING_PROFICIENCY = 3.75;

function proficiencyOf(agent: EmulatorSnapshot["agents"][number], skillId: string): number {
  return agent.skills.find((skill) => skill.id === skillId && skill.state === "active")?.proficiency ?? 0;
}

/** Every Genesys API request the emulator received (token requests aside), as "METHOD path". */
function apiCalls(emulator: RunningEmulator): string[] {
  return emulator.control
    .requestLog()
    .filter((entry) => entry.path.startsWith("/api/"))
    .map((entry) => `${entry.method} ${entry.path}`);
}

async function run(harness: WorkerHarness, name: Parameters<WorkerHarness["add"]>[0], input: object) {
  const job = await harness.add(name, input as never);
  const queue = harness.queue(name.startsWith("roster.") ? QUEUES.maintenance : QUEUES.decisions);
  const finished = await waitForFinished(queue, job.id ?? "");
  if (finished.failedReason) throw new Error(`${name} failed: ${finished.failedReason}`);
  return finished.returnvalue as Record<string, unknown>;
}

async function seed(emulator: RunningEmulator, harness: WorkerHarness, queueId: string) {
  return run(harness, "roster.seed", { queueId, reason: "manual", toMs: emulator.control.now() });
}

function score(emulator: RunningEmulator, queue: { id: string; primarySkillId: string }, extra: object = {}) {
  const conversationId = emulator.control.createConversation({
    queueId: queue.id,
    mediaType: "call",
    skillIds: [queue.primarySkillId],
  });
  return {
    conversationId,
    input: {
      conversationId,
      queueId: queue.id,
      mediaType: "call",
      skillIds: [queue.primarySkillId],
      observedAtMs: emulator.control.now(),
      ...extra,
    },
  };
}

/** The `requestScoredAgents` of the PATCHes of a conversation, in order. */
function sentScores(emulator: RunningEmulator, conversationId: string): { id: string; score: number }[][] {
  return emulator.control
    .writeLog()
    .filter(
      (entry) => entry.method === "PATCH" && entry.path === `/api/v2/routing/conversations/${conversationId}`,
    )
    .map(
      (entry) => (entry.body as { requestScoredAgents: { id: string; score: number }[] }).requestScoredAgents,
    );
}

describe("conversation.score on the roster", () => {
  test("a seeded queue costs one call per decision: the PATCH; the members are never listed", async ({
    emulator,
    harness,
  }) => {
    const queue = firstQueue(emulator.control.snapshot());
    await harness.startWorker({}, { nowMs: () => emulator.control.now() });
    await seed(emulator, harness, queue.id);
    // The first decision reads the queue's configuration (cached from then on).
    await run(harness, "conversation.score", score(emulator, queue).input);
    emulator.control.clearLogs();

    const second = score(emulator, queue);
    const outcome = await run(harness, "conversation.score", second.input);

    expect(outcome).toMatchObject({ status: "scored" });
    expect(outcome).not.toHaveProperty("staleRoster");
    expect(apiCalls(emulator)).toEqual([`PATCH /api/v2/routing/conversations/${second.conversationId}`]);
  });

  test("an event already showing the scoredAgents we would send costs nothing (unchanged)", async ({
    emulator,
    harness,
  }) => {
    const queue = firstQueue(emulator.control.snapshot());
    await harness.startWorker({}, { nowMs: () => emulator.control.now() });
    await seed(emulator, harness, queue.id);
    const first = score(emulator, queue);
    await run(harness, "conversation.score", first.input);
    const [sent = []] = sentScores(emulator, first.conversationId);
    expect(sent.length).toBeGreaterThan(1);
    emulator.control.clearLogs();

    // The next round of the same conversation, its event carrying what Genesys holds, in another order.
    const repeat = { ...first.input, round: 1, scoredAgents: [...sent].reverse() };
    expect(await run(harness, "conversation.score", repeat)).toMatchObject({
      status: "unchanged",
      scoredAgents: sent.length,
    });
    // One score differs: sent again.
    const changed = sent.map((agent, index) => (index === 0 ? { ...agent, score: agent.score - 1 } : agent));
    expect(
      await run(harness, "conversation.score", { ...first.input, round: 2, scoredAgents: changed }),
    ).toMatchObject({ status: "scored" });
    expect(apiCalls(emulator)).toEqual([`PATCH /api/v2/routing/conversations/${first.conversationId}`]);
  });

  test("a queue never seeded is listed once, however many decisions arrive at once", async ({
    emulator,
    harness,
  }) => {
    const queue = firstQueue(emulator.control.snapshot());
    await harness.startWorker({}, { nowMs: () => emulator.control.now() });
    const inputs = [1, 2, 3, 4].map(() => score(emulator, queue).input);
    const outcomes = await Promise.all(inputs.map((input) => run(harness, "conversation.score", input)));

    const listings = apiCalls(emulator).filter((call) => call.endsWith(`/queues/${queue.id}/members`));
    expect(listings).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.rosterRead === "seeded")).toHaveLength(1);
    for (const outcome of outcomes) expect(outcome).toMatchObject({ status: "scored" });
    expect(outcomes.some((outcome) => outcome.staleRoster === true)).toBe(false);
  });

  test.for([
    { policy: "refresh", behindMs: 0, listings: 1, read: "refreshed", stale: false },
    { policy: "record", behindMs: 0, listings: 0, read: undefined, stale: true },
    // The worker's clock behind the ingester's: its listing, begun after the gap, still clears the mark.
    { policy: "refresh", behindMs: 5_000, listings: 1, read: "refreshed", stale: false },
  ])(
    "a stale roster with WORKER_ROSTER_ON_STALE=$policy, the worker's clock $behindMs ms behind: $listings listing(s)",
    async (row, { emulator, harness, redis }) => {
      const queue = firstQueue(emulator.control.snapshot());
      await harness.startWorker(
        { WORKER_ROSTER_ON_STALE: row.policy },
        { nowMs: () => emulator.control.now() - row.behindMs },
      );
      await seed(emulator, harness, queue.id);
      await run(harness, "conversation.score", score(emulator, queue).input);
      // A socket gap that ended now, after the seed: stale until a read begun from now on.
      await emulator.control.advance(1_000);
      const store = createRosterStore(redis.connection, {
        keyPrefix: rosterKeyPrefix(redis.prefix),
        now: () => emulator.control.now(),
      });
      await store.markStale(queue.id, "socket-gap", emulator.control.now());
      emulator.control.clearLogs();

      const outcome = await run(harness, "conversation.score", score(emulator, queue).input);

      expect(outcome.status).toBe("scored");
      expect(outcome.rosterRead).toBe(row.read);
      expect(outcome.staleRoster === true).toBe(row.stale);
      expect(apiCalls(emulator).filter((call) => call.endsWith("/members"))).toHaveLength(row.listings);
      // Refreshing clears the mark; recording leaves it for the ingester's seed.
      expect((await store.readQueueRoster(queue.id)).stale).toBe(row.stale);
    },
  );
});

describe("assignment.check on the roster", () => {
  test("a qualified agent costs no call; a weak one one PATCH that never names them", async ({
    emulator,
    harness,
  }) => {
    const snapshot = emulator.control.snapshot();
    const queue = firstQueue(snapshot);
    const members = queueMembers(snapshot, queue.id);
    const strong = members.find((agent) => proficiencyOf(agent, queue.primarySkillId) >= PASSING_PROFICIENCY);
    const weak = members.find((agent) => proficiencyOf(agent, queue.primarySkillId) < PASSING_PROFICIENCY);
    if (strong === undefined || weak === undefined)
      throw new Error("the seeded queue has no strong/weak pair");
    await harness.startWorker({}, { nowMs: () => emulator.control.now() });
    await seed(emulator, harness, queue.id);
    emulator.control.clearLogs();

    const offer = (userId: string) => {
      const conversationId = emulator.control.createConversation({
        queueId: queue.id,
        mediaType: "call",
        skillIds: [queue.primarySkillId],
      });
      return {
        conversationId,
        queueId: queue.id,
        userId,
        participantId: randomUUID(),
        skillIds: [queue.primarySkillId],
        observedAtMs: emulator.control.now(),
      };
    };
    expect(await run(harness, "assignment.check", offer(strong.id))).toMatchObject({ status: "approved" });
    expect(apiCalls(emulator)).toEqual([]);

    const rejectedOffer = offer(weak.id);
    const rejected = await run(harness, "assignment.check", rejectedOffer);
    expect(rejected).toMatchObject({ status: "rejected", followUp: "rescore" });
    expect(rejected).not.toHaveProperty("skillsRead");
    // The re-score is mapped onto the queue's routing rules: their read is cached per process (a scoring
    // of the queue has usually made it already); here it is the cold cache's one read.
    expect(apiCalls(emulator)).toEqual([
      `GET /api/v2/routing/queues/${queue.id}`,
      `PATCH /api/v2/routing/conversations/${rejectedOffer.conversationId}`,
    ]);
    const ids = (sentScores(emulator, rejectedOffer.conversationId)[0] ?? []).map((agent) => agent.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).not.toContain(weak.id);
  });

  test("expired skills: one read of the agent, said in the outcome and written through to the roster", async ({
    emulator,
    harness,
    redis,
  }) => {
    const snapshot = emulator.control.snapshot();
    const queue = firstQueue(snapshot);
    const strong = queueMembers(snapshot, queue.id).find(
      (agent) => proficiencyOf(agent, queue.primarySkillId) >= PASSING_PROFICIENCY,
    );
    if (strong === undefined) throw new Error("no strong agent");
    await harness.startWorker({ ROSTER_SKILLS_TTL_SECONDS: "60" }, { nowMs: () => emulator.control.now() });
    await seed(emulator, harness, queue.id);
    await emulator.control.advance(61_000);
    emulator.control.clearLogs();
    const input = {
      conversationId: emulator.control.createConversation({
        queueId: queue.id,
        mediaType: "call",
        skillIds: [queue.primarySkillId],
      }),
      queueId: queue.id,
      userId: strong.id,
      participantId: randomUUID(),
      skillIds: [queue.primarySkillId],
      observedAtMs: emulator.control.now(),
    };

    expect(await run(harness, "assignment.check", input)).toMatchObject({
      status: "approved",
      skillsRead: "expired",
    });
    expect(apiCalls(emulator)).toEqual([`GET /api/v2/users/${strong.id}`]);
    const store = createRosterStore(redis.connection, {
      keyPrefix: rosterKeyPrefix(redis.prefix),
      skillsTtlMs: 60_000,
      now: () => emulator.control.now(),
    });
    const member = (await store.readQueueRoster(queue.id)).members.find((m) => m.id === strong.id);
    expect(member?.skillsExpired).toBe(false);

    // Known again: the next check reads Redis only.
    emulator.control.clearLogs();
    expect(
      await run(harness, "assignment.check", { ...input, participantId: randomUUID() }),
    ).not.toHaveProperty("skillsRead");
    expect(apiCalls(emulator)).toEqual([]);
  });
});

describe("assignment.check: an agent the roster does not hold", () => {
  test("is read once from Genesys (skillsRead: not-in-roster) and checked on what Genesys holds", async ({
    emulator,
    harness,
  }) => {
    const snapshot = emulator.control.snapshot();
    const queue = firstQueue(snapshot);
    const outsider = snapshot.agents.find((agent) => !agent.queueIds.includes(queue.id));
    if (outsider === undefined) throw new Error("every agent is in the first queue");
    await harness.startWorker({}, { nowMs: () => emulator.control.now() });
    await seed(emulator, harness, queue.id);
    emulator.control.clearLogs();

    const outcome = await run(harness, "assignment.check", {
      conversationId: emulator.control.createConversation({
        queueId: queue.id,
        mediaType: "call",
        skillIds: [queue.primarySkillId],
      }),
      queueId: queue.id,
      userId: outsider.id,
      participantId: randomUUID(),
      skillIds: [queue.primarySkillId],
      observedAtMs: emulator.control.now(),
    });

    expect(outcome).toMatchObject({
      skillsRead: "not-in-roster",
      score: proficiencyOf(outsider, queue.primarySkillId) / 5,
    });
    expect(
      apiCalls(emulator).filter(
        (call) => call.startsWith("GET ") && call !== `GET /api/v2/routing/queues/${queue.id}`,
      ),
    ).toEqual([`GET /api/v2/users/${outsider.id}`]);
  });
});

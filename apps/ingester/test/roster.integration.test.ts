/**
 * The ingester's half of the roster against the emulator and the real Redis: over-capacity is a start-up
 * error naming the numbers (before any channel is opened); a malformed roster event is counted and logged
 * and writes nothing; a join is applied, its activity topic subscribed and one read asked for; a gap on the
 * queue stream marks the queue stale and asks for a seed.
 */
import { createRosterStore, rosterKeyPrefix, rosterTopics } from "@routing/roster";
import { describe, expect } from "vitest";
import { TopicCapacityError } from "../src/roster/topic-plan.js";
import { ingesterTest, until } from "./support/ingester-harness.js";

const test = ingesterTest({ clock: "manual", contactCentre: { arrivalsPerMinute: 0, meanPatienceMs: 0 } });

describe("ingester: roster", () => {
  test("over capacity is a start-up error naming the numbers; no channel is opened", async ({ harness }) => {
    // 3 queues x 2 topics fill the 2 channels of 5 topics this replica may use: no room for any member.
    const error = await harness
      .startIngester({ roster: { replicas: 1, limits: { topicsPerChannel: 5, channelsPerClient: 4 } } })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(TopicCapacityError);
    expect((error as Error).message).toMatch(/3 queue\(s\) need 6 queue topics/);
    // Genesys' member counts, summed over the queues (a member of two counts twice: the safe side).
    const counted = harness.emulator.control
      .snapshot()
      .queues.reduce((sum, queue) => sum + queue.memberIds.length, 0);
    expect((error as Error).message).toContain(`${counted} member(s) (from the queue member counts)`);
    expect((error as Error).message).toMatch(
      /INGESTER_REPLICAS=1, each replica may use 2 channel\(s\) \(4 per OAuth client/,
    );
    expect(harness.emulator.control.snapshot().channels).toEqual([]);
  });

  test("a join is applied, the member's activity subscribed, one read asked for; their events then count", async ({
    harness,
  }) => {
    const { emulator, redis } = harness;
    const running = await harness.startIngester({
      roster: { replicas: 1, tuning: { membershipPollMs: 100 } },
    });
    const snapshot = emulator.control.snapshot();
    const [queue] = snapshot.queues;
    const outsider = snapshot.agents.find((agent) => !queue?.memberIds.includes(agent.id));
    if (queue === undefined || outsider === undefined) throw new Error("no fixture");
    // Start seeds, one per queue (no worker here: they wait in the queue).
    await until(
      "the start seeds",
      async () => (await harness.jobs("roster.seed")).length === snapshot.queues.length,
    );

    emulator.control.setQueueMembership(outsider.id, queue.id, true);
    await until("the member read", async () => (await harness.jobs("roster.member")).length === 1);
    const [read] = await harness.jobs("roster.member");
    expect(read?.data).toEqual({ queueId: queue.id, userId: outsider.id, observedAtMs: expect.any(Number) });
    const store = createRosterStore(redis.connection, { keyPrefix: rosterKeyPrefix(redis.prefix) });
    expect(await store.joinedMembers(queue.id)).toContain(outsider.id);
    const activityTopic = rosterTopics.activity(outsider.id);
    await until("the activity subscription", () =>
      emulator.control.snapshot().channels.some((channel) => channel.connected && channel.topicCount > 0),
    );
    emulator.control.setPresence(outsider.id, "Away");
    await until("the presence in the roster", async () => {
      const roster = await store.readQueueRoster(queue.id);
      return roster.members.find((member) => member.id === outsider.id)?.presence?.systemPresence === "Away";
    });
    expect(
      await running.metric("ingester_notification_events_total", { topic_kind: "v2.users.{id}.activity" }),
    ).toBeGreaterThan(0);
    expect(activityTopic).toBe(`v2.users.${outsider.id}.activity`);
  });

  test("a gap on the queue stream marks its queues stale and asks for a seed of each", async ({
    harness,
  }) => {
    const { emulator, redis } = harness;
    const running = await harness.startIngester({ roster: { replicas: 1 } });
    const queueIds = harness.queueIds();
    await until(
      "the start seeds",
      async () => (await harness.jobs("roster.seed")).length === queueIds.length,
    );
    emulator.control.dropSockets();
    await until(
      "a gap seed for each queue",
      async () =>
        (await harness.jobs("roster.seed")).filter((job) => job.data.reason === "gap").length >=
        queueIds.length,
    );
    const store = createRosterStore(redis.connection, { keyPrefix: rosterKeyPrefix(redis.prefix) });
    for (const status of await store.readQueueStatus(queueIds)) {
      expect(status).toMatchObject({ stale: true });
      expect(status.meta.staleUntilMs).toBeGreaterThan(0);
    }
    expect(
      await running.metric("ingester_roster_seeds_requested_total", { reason: "gap" }),
    ).toBeGreaterThanOrEqual(queueIds.length);
  });
});

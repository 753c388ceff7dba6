/**
 * The dynamic-topic stream against the emulator: topics added and removed while it runs, over as many
 * channels as needed and no more than allowed, kept subscribed across a reconnect.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { DEFAULT_EMULATOR_CREDENTIALS, type RunningEmulator } from "@routing/genesys-emulator";
import { createEmulatorTest } from "@routing/test-utils";
import { describe, expect } from "vitest";
import {
  createDynamicNotificationStream,
  createGenesysClient,
  type DynamicNotificationStream,
  GenesysClientOptionsError,
  type NotificationEvent,
  type NotificationGap,
} from "../src/index.js";

const test = createEmulatorTest({
  clock: "manual",
  contactCentre: { arrivalsPerMinute: 0, meanPatienceMs: 0 },
});

async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

const activity = (userId: string) => `v2.users.${userId}.activity`;

function harness(emulator: RunningEmulator, maxChannels: number, topicsPerChannel: number) {
  const lanes: string[] = [];
  const client = createGenesysClient({
    ...DEFAULT_EMULATOR_CREDENTIALS,
    apiBaseUrl: emulator.apiBaseUrl,
    loginBaseUrl: emulator.loginBaseUrl,
    // Records the lane of every request the stream makes.
    rateBudget: { acquire: async (request) => void lanes.push(request.lane ?? "decision") },
  });
  const events: NotificationEvent[] = [];
  const gaps: NotificationGap[] = [];
  const stream: DynamicNotificationStream = createDynamicNotificationStream({
    notifications: client.notifications,
    maxChannels,
    topicsPerChannel,
    onEvent: (event) => {
      events.push(event);
    },
    onGap: (gap) => {
      gaps.push(gap);
    },
    reconnectBaseDelayMs: 50,
    reconnectMaxDelayMs: 200,
  });
  const agents = emulator.control.snapshot().agents.map((agent) => agent.id);
  /** Changes the agent's presence: one activity event on its topic. */
  const poke = (userId: string) => {
    const now = emulator.control.snapshot().agents.find((agent) => agent.id === userId)
      ?.presence.systemPresence;
    emulator.control.setPresence(userId, now === "Away" ? "On Queue" : "Away");
  };
  const from = (userId: string) => events.filter((event) => event.topicName === activity(userId)).length;
  return { stream, events, gaps, agents, poke, from, lanes };
}

describe("dynamic-topic notification stream", () => {
  test("opens channels only as topics come, fills them in order, refuses beyond its channels", async ({
    emulator,
  }) => {
    const { stream, agents, poke, from, lanes } = harness(emulator, 2, 2);
    try {
      expect(emulator.control.snapshot().channels).toEqual([]);
      const [a = "", b = "", c = "", d = "", e = ""] = agents;
      const result = await stream.addTopics([a, b, c, d, e].map(activity));
      expect(result.refused).toEqual([activity(e)]);
      expect(stream.stats().channels.map((channel) => channel.topicCount)).toEqual([2, 2]);
      expect(stream.capacity()).toBe(4);
      for (const agent of [a, b, c, d, e]) poke(agent);
      await until("an event from each subscribed agent", () =>
        [a, b, c, d].every((agent) => from(agent) === 1),
      );
      expect(from(e)).toBe(0);

      await stream.removeTopics([activity(b)]);
      expect(stream.stats().channels.map((channel) => channel.topicCount)).toEqual([1, 2]);
      poke(b);
      poke(a);
      await until("a's second event", () => from(a) === 2);
      expect(from(b)).toBe(1);
      // The freed place takes the next topic.
      expect((await stream.addTopics([activity(e)])).refused).toEqual([]);
      poke(e);
      await until("e's event", () => from(e) === 1);
      expect(emulator.control.snapshot().channels.filter((channel) => channel.connected)).toHaveLength(2);
      // Channels, first subscriptions and every later change of the topics: all on the notifications lane.
      expect(lanes.length).toBeGreaterThan(4);
      expect(new Set(lanes)).toEqual(new Set(["notifications"]));
    } finally {
      await stream.close();
    }
  });

  test("a topic added while the socket is down is subscribed by the next socket; the gap names the topics", async ({
    emulator,
  }) => {
    const { stream, gaps, agents, poke, from } = harness(emulator, 1, 10);
    try {
      const [a = "", b = ""] = agents;
      await stream.addTopics([activity(a)]);
      emulator.control.dropSockets();
      await stream.addTopics([activity(b)]);
      await until("the reconnect", () => gaps.length === 1 && stream.state() === "open");
      expect([...(gaps[0]?.topics ?? [])].sort()).toEqual([activity(a), activity(b)].sort());
      poke(a);
      poke(b);
      await until("both agents' events", () => from(a) === 1 && from(b) === 1);
    } finally {
      await stream.close();
    }
    expect(stream.state()).toBe("closed");
  });

  test("bad options name the option", () => {
    const notifications = {
      createChannel: async () => ({ id: "", connectUri: "" }),
      putSubscriptions: async () => [],
    };
    expect(() =>
      createDynamicNotificationStream({ notifications, maxChannels: -1, onEvent: () => {} }),
    ).toThrow(GenesysClientOptionsError);
    expect(() =>
      createDynamicNotificationStream({
        notifications,
        maxChannels: 1,
        topicsPerChannel: 1001,
        onEvent: () => {},
      }),
    ).toThrow(/topicsPerChannel/);
  });
});

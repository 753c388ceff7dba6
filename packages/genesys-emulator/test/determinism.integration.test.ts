import { describe, expect, it } from "vitest";
import type { RunningEmulator } from "../src/index.js";
import { flush, getToken, openChannel, useEmulators } from "./helpers.js";

const start = useEmulators();

/** Runs a busy centre for an hour of virtual time and returns everything it published, plus its end state. */
async function record(emulator: RunningEmulator) {
  const token = await getToken(emulator);
  const snapshot = emulator.control.snapshot();
  const channel = await openChannel(emulator, token, [
    ...snapshot.queues.map((queue) => `v2.routing.queues.${queue.id}.conversations`),
    ...snapshot.agents.map((agent) => `v2.users.${agent.id}.activity`),
  ]);
  for (let minute = 0; minute < 60; minute++) await emulator.control.advance(60_000);
  const { conversations, agents } = emulator.control.snapshot();
  await flush(channel);
  return {
    frames: channel.frames.filter((frame) => frame.topicName !== "channel.metadata"),
    conversations,
    agents,
  };
}

describe("determinism", () => {
  it("replays identical events and state for the same seed and run id on a manual clock", async () => {
    const options = {
      clock: "manual",
      seed: 7,
      runId: "replay",
      notifications: { heartbeatIntervalMs: 10 * 60_000 },
      contactCentre: { arrivalsPerMinute: 8 },
    } as const;
    const first = await record(await start(options));
    const second = await record(await start(options));
    expect(first.frames.length).toBeGreaterThan(100);
    expect(second.frames).toEqual(first.frames);
    expect(second.conversations).toEqual(first.conversations);
    expect(second.agents).toEqual(first.agents);
  });

  it("keeps the seed's organisation and arrivals in a new run, but never its conversation ids", async () => {
    const options = { clock: "manual", seed: 7, contactCentre: { arrivalsPerMinute: 8 } } as const;
    const first = await start(options);
    const second = await start(options);
    expect(second.runId).not.toBe(first.runId);
    expect(second.control.snapshot().agents).toEqual(first.control.snapshot().agents);
    for (const emulator of [first, second]) await emulator.control.advance(30 * 60_000);
    const conversations = (emulator: RunningEmulator) => emulator.control.snapshot().conversations;
    expect(conversations(second).map((c) => c.queueId)).toEqual(conversations(first).map((c) => c.queueId));
    const firstIds = new Set(conversations(first).map((c) => c.id));
    expect(firstIds.size).toBeGreaterThan(10);
    expect(conversations(second).filter((c) => firstIds.has(c.id))).toEqual([]);
  });

  it("gives a different centre for a different seed", async () => {
    const one = await start({ clock: "manual", seed: 1, contactCentre: { arrivalsPerMinute: 0 } });
    const two = await start({ clock: "manual", seed: 2, contactCentre: { arrivalsPerMinute: 0 } });
    const agentsOne = one.control.snapshot().agents.map((agent) => [agent.id, agent.name]);
    const agentsTwo = two.control.snapshot().agents.map((agent) => [agent.id, agent.name]);
    expect(agentsTwo).not.toEqual(agentsOne);
    expect(one.control.snapshot().agents[0]?.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

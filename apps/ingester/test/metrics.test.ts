import type { NotificationStreamStats } from "@routing/genesys-client";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createIngesterMetrics } from "../src/metrics.js";

function stats(frames: { heartbeats?: number; events?: number; pongs?: number }): NotificationStreamStats {
  return {
    events: frames.events ?? 0,
    eventHandlerErrors: 0,
    heartbeats: frames.heartbeats ?? 0,
    pingsSent: 0,
    pongs: frames.pongs ?? 0,
    reconnects: 0,
    gaps: 0,
    handovers: 0,
    invalidFrames: 0,
    duplicatesDropped: 0,
    connectFailures: 0,
    connectRejections: 0,
    tokenRevocations: 0,
    noLongerSubscribed: 0,
    resubscriptions: 0,
    tokenHandovers: 0,
    channels: [
      {
        index: 0,
        topicCount: 1,
        channelId: "c1",
        status: "open",
        consecutiveFailures: 0,
        failingSince: undefined,
        expiresAt: undefined,
      },
    ],
  };
}

async function lastFrame(registry: Registry): Promise<number | undefined> {
  const metric = await registry.getSingleMetric("ingester_stream_last_frame_timestamp_seconds")?.get();
  return metric?.values[0]?.value;
}

describe("ingester_stream_last_frame_timestamp_seconds (the stale-stream alert)", () => {
  it("is the start time until a frame arrives, then the scrape that first saw new frames", async () => {
    let nowMs = 1_700_000_000_000;
    const registry = new Registry();
    const metrics = createIngesterMetrics(registry, () => nowMs);
    // No stream yet (still subscribing): the start time, so a stream that never opens goes stale.
    nowMs += 5_000;
    expect(await lastFrame(registry)).toBe(1_700_000_000);

    let current = stats({});
    metrics.observeStream(() => current);
    nowMs += 10_000;
    expect(await lastFrame(registry)).toBe(1_700_000_000);

    current = stats({ heartbeats: 1 });
    nowMs += 10_000;
    expect(await lastFrame(registry)).toBe(1_700_000_025);
    // Nothing new since: the time stays where it was while the clock runs on.
    nowMs += 60_000;
    expect(await lastFrame(registry)).toBe(1_700_000_025);
    // Events and pongs are signs of life too.
    current = stats({ heartbeats: 1, events: 3 });
    expect(await lastFrame(registry)).toBe(1_700_000_085);
  });

  it("starts the enqueue counters of every job each source makes at 0, under job_name", async () => {
    const registry = new Registry();
    createIngesterMetrics(registry);
    const failures = (await registry.getSingleMetric("ingester_enqueue_failures_total")?.get())?.values ?? [];
    expect(failures.map((s) => `${s.labels.source}/${s.labels.job_name}`).sort()).toEqual([
      "gap/notifications.recover",
      "notification/assignment.check",
      "notification/conversation.score",
      "overflow/notifications.recover",
      "start/notifications.recover",
      "webhook/handoff.turn",
    ]);
    expect(await registry.metrics()).not.toMatch(/[{,]job="/);
  });
});

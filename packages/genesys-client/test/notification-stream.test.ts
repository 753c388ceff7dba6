import { describe, expect, it } from "vitest";
import { GenesysApiError, GenesysRateLimitError, NOTIFICATION_STREAM_DEFAULTS } from "../src/index.js";
import { createDeliveryQueue } from "../src/notification-stream/delivery-queue.js";
import { classifyFrame } from "../src/notification-stream/frames.js";
import { createHandoverDedupe } from "../src/notification-stream/handover-dedupe.js";
import { reconnectDelayMs, waitMs } from "../src/notification-stream/reconnect-delay.js";
import { chunkTopics } from "../src/notification-stream/topic-chunks.js";

const topics = (count: number) =>
  Array.from({ length: count }, (_, index) => `v2.users.${index}.routingStatus`);

describe("topic chunking", () => {
  it("puts at most 1,000 topics on a channel, in the given order", () => {
    expect(chunkTopics(topics(1)).map((chunk) => chunk.length)).toEqual([1]);
    expect(chunkTopics(topics(1_000)).map((chunk) => chunk.length)).toEqual([1_000]);
    expect(chunkTopics(topics(1_001)).map((chunk) => chunk.length)).toEqual([1_000, 1]);
    expect(chunkTopics(topics(2_500)).map((chunk) => chunk.length)).toEqual([1_000, 1_000, 500]);
    expect(chunkTopics(topics(2_500)).flat()).toEqual(topics(2_500));
  });

  it("honours a smaller chunk size and refuses a meaningless one", () => {
    expect(chunkTopics(["a", "b", "c"], 2)).toEqual([["a", "b"], ["c"]]);
    expect(chunkTopics([], 2)).toEqual([]);
    expect(() => chunkTopics(["a"], 0)).toThrow(RangeError);
  });
});

describe("frame classification", () => {
  const event = { topicName: "v2.users.1.routingStatus", version: "2", eventBody: { id: "1" }, metadata: {} };

  it("tells events, heartbeats, pongs and socket_closing apart", () => {
    expect(classifyFrame(JSON.stringify(event))).toEqual({ kind: "event", event });
    const metadata = (message: string) =>
      JSON.stringify({ topicName: "channel.metadata", eventBody: { message } });
    expect(classifyFrame(metadata("WebSocket Heartbeat"))).toEqual({ kind: "heartbeat" });
    expect(classifyFrame(metadata("pong"))).toEqual({ kind: "pong" });
    expect(classifyFrame(metadata("something new"))).toEqual({ kind: "metadata" });
    expect(
      classifyFrame(JSON.stringify({ topicName: "v2.system.socket_closing", eventBody: { message: "x" } })),
    ).toEqual({ kind: "socket-closing" });
  });

  it("tells the system topics of notificationMappings.json apart; none of them is an event", () => {
    const system = (topicName: string, eventBody: unknown = {}) => JSON.stringify({ topicName, eventBody });
    expect(
      classifyFrame(system("v2.system.token_revoked.streaming-1", { channelId: "streaming-1" })),
    ).toEqual({
      kind: "token-revoked",
    });
    expect(
      classifyFrame(system("v2.system.no_longer_subscribed.streaming-1", { channelId: "streaming-1" })),
    ).toEqual({ kind: "no-longer-subscribed", channelId: "streaming-1" });
    // Without a body, the channel id is the topic's last part.
    expect(classifyFrame(system("v2.system.no_longer_subscribed.streaming-2", null))).toEqual({
      kind: "no-longer-subscribed",
      channelId: "streaming-2",
    });
    expect(classifyFrame(system("v2.system.something.new"))).toEqual({ kind: "system" });
  });

  it("reports what is wrong with a bad frame without throwing", () => {
    expect(classifyFrame("{not json")).toEqual({ kind: "invalid", problem: "is not JSON (9 characters)" });
    expect(classifyFrame("[1]")).toMatchObject({ kind: "invalid", problem: "is not a JSON object" });
    expect(classifyFrame("null")).toMatchObject({ kind: "invalid", problem: "is not a JSON object" });
    expect(classifyFrame('{"eventBody":{}}')).toMatchObject({ kind: "invalid", problem: "has no topicName" });
    expect(classifyFrame('{"topicName":""}')).toMatchObject({ kind: "invalid", problem: "has no topicName" });
    expect(classifyFrame('{"topicName":7}')).toMatchObject({ kind: "invalid", problem: "has no topicName" });
  });
});

describe("handover deduplication", () => {
  const oldSocket = {};
  const newSocket = {};

  function clockAt(start: number) {
    let now = start;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  }

  it("remembers nothing while no handover is going on", () => {
    const dedupe = createHandoverDedupe({ now: () => 0, windowMs: 1_000 });
    expect(dedupe.admit(oldSocket, "a")).toBe(true);
    expect(dedupe.admit(newSocket, "a")).toBe(true);
    expect(dedupe.size).toBe(0);
  });

  it("during a handover drops the copy from the other socket, in either order", () => {
    const dedupe = createHandoverDedupe({ now: () => 0, windowMs: 1_000 });
    dedupe.begin();
    expect(dedupe.admit(oldSocket, "a")).toBe(true);
    expect(dedupe.admit(newSocket, "a")).toBe(false);
    expect(dedupe.admit(newSocket, "b")).toBe(true);
    expect(dedupe.admit(oldSocket, "b")).toBe(false);
    expect(dedupe.admit(newSocket, "c")).toBe(true);
  });

  it("never drops a repeat on the same socket", () => {
    const dedupe = createHandoverDedupe({ now: () => 0, windowMs: 1_000 });
    dedupe.begin();
    expect(dedupe.admit(oldSocket, "a")).toBe(true);
    expect(dedupe.admit(oldSocket, "a")).toBe(true);
  });

  it("forgets deliveries older than the window, and everything once the handover is over", () => {
    const clock = clockAt(1_000);
    const dedupe = createHandoverDedupe({ now: clock.now, windowMs: 100 });
    dedupe.begin();
    dedupe.admit(oldSocket, "a");
    clock.advance(101);
    expect(dedupe.admit(newSocket, "a")).toBe(true);
    dedupe.admit(oldSocket, "b");
    dedupe.end();
    clock.advance(50);
    expect(dedupe.admit(newSocket, "b")).toBe(false);
    clock.advance(51);
    expect(dedupe.admit(newSocket, "c")).toBe(true);
    expect(dedupe.size).toBe(0);
  });
});

describe("delivery queue", () => {
  it("runs tasks one at a time in order and goes on after a failure", async () => {
    const failures: unknown[] = [];
    const queue = createDeliveryQueue((error) => failures.push(error));
    const log: string[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const task =
      (name: string, fail = false) =>
      async () => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        log.push(name);
        running--;
        if (fail) throw new Error(name);
      };
    queue.push(task("a"));
    queue.push(task("b", true));
    queue.push(() => {
      log.push("sync");
      throw new Error("sync");
    });
    queue.push(task("c"));
    expect(queue.pending).toBe(4);
    await queue.drained();
    expect(log).toEqual(["a", "b", "sync", "c"]);
    expect(mostAtOnce).toBe(1);
    expect(failures.map((error) => (error as Error).message)).toEqual(["b", "sync"]);
    expect(queue.pending).toBe(0);
  });

  it("survives a failure reporter that throws", async () => {
    const queue = createDeliveryQueue(() => {
      throw new Error("reporter");
    });
    const log: string[] = [];
    queue.push(() => Promise.reject(new Error("task")));
    queue.push(() => log.push("next"));
    await queue.drained();
    expect(log).toEqual(["next"]);
  });
});

describe("reconnect backoff", () => {
  const policy = {
    baseDelayMs: NOTIFICATION_STREAM_DEFAULTS.reconnectBaseDelayMs,
    maxDelayMs: NOTIFICATION_STREAM_DEFAULTS.reconnectMaxDelayMs,
  };

  it("uses full jitter: base 500 ms doubling per attempt, capped at 30 s", () => {
    const top = () => 0.999_999;
    expect([0, 1, 2, 5, 6, 20].map((attempt) => reconnectDelayMs(attempt, policy, top))).toEqual([
      499, 999, 1_999, 15_999, 29_999, 29_999,
    ]);
    expect(reconnectDelayMs(3, policy, () => 0)).toBe(0);
    expect(reconnectDelayMs(3, policy, () => 0.5)).toBe(2_000);
  });

  it("never retries before a 429's Retry-After, whatever the jitter drew", () => {
    const throttled = new GenesysRateLimitError({
      message: "throttled",
      status: 429,
      code: "too.many.requests",
      method: "POST",
      pathTemplate: "/api/v2/notifications/channels",
      retryAfterMs: 7_000,
    });
    expect(reconnectDelayMs(0, policy, () => 0, throttled)).toBe(7_000);
    expect(reconnectDelayMs(6, policy, () => 0.5, throttled)).toBe(15_000);
    const unavailable = new GenesysApiError({
      message: "unavailable",
      status: 503,
      code: "service.unavailable",
      method: "POST",
      pathTemplate: "/api/v2/notifications/channels",
    });
    expect(reconnectDelayMs(0, policy, () => 0, unavailable)).toBe(0);
  });

  it("waits can be cut short by an abort", async () => {
    const controller = new AbortController();
    const waiting = waitMs(60_000, controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBeUndefined();
    await expect(waitMs(60_000, controller.signal)).resolves.toBeUndefined();
  });
});

/**
 * The roster follower's event path with the real Redis (no socket needed): a malformed activity or
 * membership event is counted by reason, logged with the field (never the body), writes nothing and does
 * not stop the next event from applying.
 */
import { PassThrough } from "node:stream";
import { createRosterStore, rosterKeyPrefix, rosterTopics } from "@routing/roster";
import { createLogger, createMetricsRegistry } from "@routing/service-kit";
import { redisTest } from "@routing/test-utils";
import { describe, expect } from "vitest";
import { createJobEnqueuer } from "../src/job-enqueuer.js";
import { createIngesterMetrics } from "../src/metrics.js";
import { QUEUE_CONNECTION_OPTIONS } from "../src/redis-connections.js";
import { createRetryingEnqueue } from "../src/retrying-enqueue.js";
import { createRosterFollower } from "../src/roster/roster-follower.js";
import { createIngesterRosterMetrics } from "../src/roster/roster-metrics.js";

const user = "6f1c2a8e-3d4b-4c5d-8e9f-0a1b2c3d4e5f";
const queue = "7a2d3b9f-4e5c-4d6e-9fa0-1b2c3d4e5f60";

describe("roster follower: events", () => {
  redisTest(
    "malformed events are counted by reason and logged by field; the next valid one applies",
    async ({ redis }) => {
      const lines: string[] = [];
      const destination = new PassThrough();
      destination.on("data", (chunk: Buffer) =>
        lines.push(...chunk.toString("utf8").split("\n").filter(Boolean)),
      );
      const logger = createLogger({ service: "ingester", level: "debug", destination });
      const registry = createMetricsRegistry("ingester");
      const metrics = createIngesterRosterMetrics(registry);
      const queues = redis.newConnection(QUEUE_CONNECTION_OPTIONS);
      const enqueuer = createJobEnqueuer({
        connection: queues,
        prefix: redis.prefix,
        attemptTimeoutMs: 5_000,
        onQueueError: () => {},
      });
      const stop = new AbortController();
      const store = createRosterStore(redis.connection, { keyPrefix: rosterKeyPrefix(redis.prefix) });
      const follower = createRosterFollower({
        store,
        genesys: {
          notifications: {
            createChannel: () => Promise.reject(new Error("no channels in this test")),
            putSubscriptions: () => Promise.reject(new Error("no channels in this test")),
          },
          routing: { listQueues: () => ({ [Symbol.asyncIterator]: async function* () {} }) },
        },
        enqueue: createRetryingEnqueue({
          enqueuer,
          metrics: createIngesterMetrics(createMetricsRegistry("ingester")),
          logger,
          policy: { baseDelayMs: 50, maxDelayMs: 200 },
        }),
        stopSignal: stop.signal,
        metrics,
        logger,
        replicas: 1,
        onStreamError: () => {},
        countEvent: () => {},
        countGap: () => {},
        now: Date.now,
      });
      const rejected = async (reason: string) => {
        const { values } = await metrics.rejected.get();
        return values.find((value) => value.labels.reason === reason)?.value ?? 0;
      };
      const secret = "customer said: my card number is 4111";
      try {
        await follower.onEvent({
          topicName: rosterTopics.activity(user),
          eventBody: {
            id: user,
            routingStatus: { status: "NAPPING", startTime: "2025-01-06T08:00:00Z" },
            note: secret,
          },
        });
        await follower.onEvent({ topicName: rosterTopics.membership(queue), eventBody: "not an object" });
        await follower.onEvent({
          topicName: rosterTopics.membership(queue),
          eventBody: { id: user, user: { id: user }, queueId: queue, joined: "yes" },
        });
        expect(await rejected("invalid-routing-status")).toBe(1);
        expect(await rejected("not-an-object")).toBe(1);
        expect(await rejected("invalid-joined")).toBe(1);
        // Nothing of the roster was written (BullMQ may have written its queues' own keys meanwhile).
        expect((await redis.keys()).filter((key) => key.startsWith(`${redis.prefix}:roster`))).toEqual([]);
        const warnings = lines
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .filter((l) => l.msg === "roster event rejected");
        expect(warnings.map((line) => [line.reason, line.field])).toEqual([
          ["invalid-routing-status", "routingStatus.status"],
          ["not-an-object", "eventBody"],
          ["invalid-joined", "joined"],
        ]);
        expect(lines.join("\n")).not.toContain(secret);

        await follower.onEvent({
          topicName: rosterTopics.activity(user),
          eventBody: { id: user, routingStatus: { status: "IDLE", startTime: "2025-01-06T08:00:00Z" } },
        });
        const { values } = await metrics.events.get();
        expect(
          values.find((value) => value.labels.kind === "activity" && value.labels.result === "changed")
            ?.value,
        ).toBe(1);
      } finally {
        stop.abort();
        await follower.close();
        await enqueuer.close();
        await queues.quit();
      }
    },
  );
});

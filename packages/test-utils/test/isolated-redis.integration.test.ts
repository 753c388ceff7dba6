import { Queue, QueueEvents, Worker } from "bullmq";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { createIsolatedRedis, ResourceLeakError, redisTest } from "../src/index.js";

describe("createIsolatedRedis", () => {
  it("gives each fixture its own prefix and deletes every key at cleanup", async () => {
    const a = await createIsolatedRedis();
    const b = await createIsolatedRedis();
    expect(a.prefix).not.toBe(b.prefix);
    expect(a.queueName()).not.toBe(a.queueName());

    const queue = a.track(new Queue(a.queueName("jobs"), a.bullmq));
    await queue.add("x", { n: 1 });
    expect((await a.keys()).length).toBeGreaterThan(0);
    expect(await b.keys()).toEqual([]);

    await a.cleanup();
    await b.cleanup();
    const probe = await createIsolatedRedis();
    const leftovers = await probe.connection.keys(`${a.prefix}:*`);
    await probe.cleanup();
    expect(leftovers).toEqual([]);
  });

  it("runs real BullMQ jobs under the prefix", async () => {
    const redis = await createIsolatedRedis();
    const name = redis.queueName();
    const queue = redis.track(new Queue(name, redis.bullmq));
    const events = redis.track(new QueueEvents(name, redis.bullmq));
    await events.waitUntilReady();
    const worker = redis.track(
      new Worker(name, async (job) => (job.data as { n: number }).n * 2, redis.bullmq),
    );
    const job = await queue.add("double", { n: 21 });
    expect(await job.waitUntilFinished(events)).toBe(42);
    await worker.close();
    await events.close();
    await redis.cleanup();
  });

  it("fails teardown when a test leaves a worker running, and still stops it", async () => {
    const redis = await createIsolatedRedis();
    const name = redis.queueName();
    const worker = redis.track(new Worker(name, async () => undefined, redis.bullmq));
    await worker.waitUntilReady();

    const error = await redis.cleanup().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ResourceLeakError);
    expect((error as ResourceLeakError).leaks.join(" ")).toContain("Worker");
    expect(worker.isRunning()).toBe(false);
  });

  it("finds a worker the test never registered, by its Redis connection name", async () => {
    const redis = await createIsolatedRedis();
    const untracked = new Worker(redis.queueName(), async () => undefined, redis.bullmq);
    await untracked.waitUntilReady();

    const error = await redis.cleanup().then(
      () => undefined,
      (err: unknown) => err,
    );
    await untracked.close();
    expect(error).toBeInstanceOf(ResourceLeakError);
    expect((error as ResourceLeakError).leaks.join(" ")).toContain(redis.prefix);
  });

  it("fails teardown when a test leaves an extra connection open", async () => {
    const redis = await createIsolatedRedis();
    const extra = redis.newConnection();
    await extra.ping();

    await expect(redis.cleanup()).rejects.toThrow(/open Redis connection/);
  });

  it("passes teardown when the test closed what it opened", async () => {
    const redis = await createIsolatedRedis();
    const extra = redis.newConnection();
    await extra.ping();
    await extra.quit();
    const worker = redis.track(new Worker(redis.queueName(), async () => undefined, redis.bullmq));
    await worker.waitUntilReady();
    await worker.close();

    await expect(redis.cleanup()).resolves.toBeUndefined();
  });

  it("closes a tracked Queue and QueueEvents itself: only a running Worker or an untracked connection is a leak", async () => {
    const redis = await createIsolatedRedis();
    const name = redis.queueName();
    const queue = redis.track(new Queue(name, redis.bullmq));
    const events = redis.track(new QueueEvents(name, redis.bullmq));
    await events.waitUntilReady();
    await queue.add("job", {});

    await expect(redis.cleanup()).resolves.toBeUndefined();
    expect(String(await probeClientList())).not.toContain(redis.prefix);
  });
});

/** The server's own list of connections, read over a connection of its own. */
async function probeClientList(): Promise<unknown> {
  const probe = new Redis();
  try {
    return await probe.client("LIST");
  } finally {
    await probe.quit();
  }
}

redisTest("the redisTest fixture hands each test an isolated Redis", async ({ redis }) => {
  await redis.connection.set(`${redis.prefix}:k`, "v");
  expect(await redis.keys()).toEqual([`${redis.prefix}:k`]);
});

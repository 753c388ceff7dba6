import { test as base } from "vitest";
import { createIsolatedRedis, type IsolatedRedis } from "./isolated-redis.js";

/**
 * `redisTest` gives each test its own IsolatedRedis and tears it down afterwards; a test that leaves a
 * worker or connection open fails with ResourceLeakError.
 *
 *   redisTest("processes a job", async ({ redis }) => {
 *     const queue = redis.track(new Queue(redis.queueName(), redis.bullmq));
 *   });
 */
export const redisTest = base.extend<{ redis: IsolatedRedis }>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures must destructure their dependencies
  redis: async ({}, use) => {
    const redis = await createIsolatedRedis();
    await use(redis);
    await redis.cleanup();
  },
});

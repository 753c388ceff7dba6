import { Redis } from "ioredis";
import { DEFAULT_TEST_REDIS_URL } from "./isolated-redis.js";

/**
 * Deletes every key under `${prefix}:` (SCAN + UNLINK): what a test that spawned real processes on its own
 * key prefix leaves behind. `createIsolatedRedis` does this for tests that hold the connection themselves.
 */
export async function deleteKeysWithPrefix(prefix: string, url = DEFAULT_TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    await redis.quit();
  }
}

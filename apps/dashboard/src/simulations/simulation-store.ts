import type { Redis } from "ioredis";
import { parseSimulationRecord, type SimulationRecord } from "./simulation-record.js";

export interface SimulationStore {
  save(record: SimulationRecord): Promise<void>;
  /** undefined when unknown, expired, or not a record this dashboard wrote. */
  load(id: string): Promise<SimulationRecord | undefined>;
  /** The newest simulations first, at most `limit`; expired ones are left out (and dropped from the index). */
  list(limit: number): Promise<SimulationRecord[]>;
  key(id: string): string;
}

/** Simulations the list remembers; older ones stay readable by id until their TTL ends. */
export const LISTED_SIMULATIONS = 1_000;

/**
 * Simulation records in Redis under the deployment's prefix (`<prefix>:dashboard:simulation:<id>`), each
 * with a TTL refreshed on every write, so results outlive the instance that ran them for `ttlSeconds`
 * and then disappear without a cleanup job.
 */
export function createSimulationStore(redis: Redis, prefix: string, ttlSeconds: number): SimulationStore {
  const key = (id: string) => `${prefix}:dashboard:simulation:${id}`;
  // Ids by creation time: the records expire on their own, the index is trimmed to the newest ones and
  // expires with the last write, and a listed id whose record is gone is dropped when the list is read.
  const index = `${prefix}:dashboard:simulations`;
  return {
    key,
    save: async (record) => {
      await redis
        .multi()
        .set(key(record.id), JSON.stringify(record), "EX", ttlSeconds)
        .zadd(index, "NX", Date.parse(record.createdAt), record.id)
        .zremrangebyrank(index, 0, -(LISTED_SIMULATIONS + 1))
        .expire(index, ttlSeconds)
        .exec();
    },
    list: async (limit) => {
      const ids = await redis.zrevrange(index, 0, limit - 1);
      if (ids.length === 0) return [];
      const texts = await redis.mget(...ids.map(key));
      const records: SimulationRecord[] = [];
      const gone: string[] = [];
      texts.forEach((text, position) => {
        const record = text === null ? undefined : parseSimulationRecord(text);
        if (record !== undefined) records.push(record);
        else gone.push(ids[position] ?? "");
      });
      if (gone.length > 0) await redis.zrem(index, ...gone);
      return records;
    },
    load: async (id) => {
      const text = await redis.get(key(id));
      return text === null ? undefined : parseSimulationRecord(text);
    },
  };
}

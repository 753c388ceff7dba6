import type { Redis } from "ioredis";
import { parseSimulationRecord, type SimulationRecord } from "./simulation-record.js";

export interface SimulationStore {
  save(record: SimulationRecord): Promise<void>;
  /** undefined when unknown, expired, or not a record this dashboard wrote. */
  load(id: string): Promise<SimulationRecord | undefined>;
  key(id: string): string;
}

/**
 * Simulation records in Redis under the deployment's prefix (`<prefix>:dashboard:simulation:<id>`), each
 * with a TTL refreshed on every write, so results outlive the instance that ran them for `ttlSeconds`
 * and then disappear without a cleanup job.
 */
export function createSimulationStore(redis: Redis, prefix: string, ttlSeconds: number): SimulationStore {
  const key = (id: string) => `${prefix}:dashboard:simulation:${id}`;
  return {
    key,
    save: async (record) => {
      await redis.set(key(record.id), JSON.stringify(record), "EX", ttlSeconds);
    },
    load: async (id) => {
      const text = await redis.get(key(id));
      return text === null ? undefined : parseSimulationRecord(text);
    },
  };
}

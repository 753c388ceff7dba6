import type { Redis } from "ioredis";

/**
 * The deployment's memory of how far its notifications are safe, per topic: "every event of this topic
 * published before T is in Redis (or covered by a recovery job that is)". Kept in Redis and shared by every
 * ingester, so that an ingester starting after a crash (its own, or the only one's) knows which window no
 * ingester may have seen, and recovers it. Gap recovery inside a running process cannot cover that: the
 * process that would notice the gap is the one that died.
 */
export interface DeliveryWatermark {
  /** The oldest watermark of the topics that have one; undefined when none of them has one yet. */
  read(topics: readonly string[]): Promise<number | undefined>;
  /**
   * Raises each topic's watermark to `untilMs`; never lowers one, since another ingester following the same
   * topic may have seen more than this one.
   */
  advance(topics: readonly string[], untilMs: number): Promise<void>;
}

export interface DeliveryWatermarkOptions {
  /** Its own connection or the queues': commands must fail fast while Redis is away (the caller retries). */
  readonly redis: Pick<Redis, "eval" | "hmget">;
  /** BULLMQ_PREFIX: the deployment's keys live under it. */
  readonly keyPrefix: string;
  /**
   * How long the watermark outlives the last ingester: a recovery reads at most 7 days back (the longest
   * Genesys analytics detail query), so an older watermark is worth nothing.
   * @defaultValue 7 days
   */
  readonly ttlMs?: number;
}

export const DEFAULT_WATERMARK_TTL_MS = 7 * 24 * 60 * 60 * 1000;

// Raises fields only (HSET when absent or lower), then keeps the key alive.
const ADVANCE_SCRIPT = `
local mark = tonumber(ARGV[1])
for i = 3, #ARGV do
  local current = tonumber(redis.call("HGET", KEYS[1], ARGV[i]))
  if current == nil or current < mark then redis.call("HSET", KEYS[1], ARGV[i], ARGV[1]) end
end
redis.call("PEXPIRE", KEYS[1], ARGV[2])
return 1`;

export function createDeliveryWatermark(options: DeliveryWatermarkOptions): DeliveryWatermark {
  const ttlMs = options.ttlMs ?? DEFAULT_WATERMARK_TTL_MS;
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) throw new RangeError("ttlMs must be a positive integer");
  const key = `${options.keyPrefix}:ingester:delivered-until`;
  return {
    async read(topics) {
      if (topics.length === 0) return undefined;
      const values = await options.redis.hmget(key, ...topics);
      const known = values.flatMap((value) => {
        const ms = Number(value);
        return value !== null && Number.isFinite(ms) ? [ms] : [];
      });
      return known.length === 0 ? undefined : Math.min(...known);
    },
    async advance(topics, untilMs) {
      if (topics.length === 0) return;
      await options.redis.eval(ADVANCE_SCRIPT, 1, key, String(Math.floor(untilMs)), String(ttlMs), ...topics);
    },
  };
}

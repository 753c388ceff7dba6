import { defineScript, runScript } from "@routing/redis-scripts";
import type { Redis } from "ioredis";
import { ID_PATTERN } from "./decision-record.js";

/**
 * Counts once per comparison id (a retried job compares again: the marker says it was counted already).
 * KEYS: marker, the queue's hash, the set of queues. ARGV: marker TTL (s), queue id, agreed (0/1), gap.
 */
const COUNT = defineScript(
  `
if redis.call('SET', KEYS[1], '1', 'EX', tonumber(ARGV[1]), 'NX') == false then return 0 end
redis.call('SADD', KEYS[3], ARGV[2])
redis.call('HINCRBY', KEYS[2], 'compared', 1)
redis.call('HINCRBY', KEYS[2], 'agreed', tonumber(ARGV[3]))
redis.call('HINCRBYFLOAT', KEYS[2], 'scoreGapSum', ARGV[4])
return 1
`,
  3,
);

/** How long a counted comparison's id is remembered: longer than any retry of the job that compared. */
const COMPARISON_MARKER_TTL_SECONDS = 86_400;

/** One shadow comparison: what Genesys offered against our top-ranked agent of the shadow decision. */
export interface ShadowComparison {
  /** Counted once: the comparing job's id (its retries compare again and are not counted twice). */
  readonly comparisonId: string;
  readonly queueId: string;
  /** Genesys offered the conversation to our top-ranked agent. */
  readonly agreed: boolean;
  /** Our top score minus the offered agent's score in our ranking (0–1 rank scores; 0 when they agree). */
  readonly scoreGap: number;
}

/** A queue's shadow figures since its first comparison. */
export interface QueueShadowSummary {
  readonly queueId: string;
  readonly compared: number;
  readonly agreed: number;
  /** agreed / compared; null before the first comparison. */
  readonly agreementRate: number | null;
  /** Mean of `scoreGap` over the comparisons; null before the first. */
  readonly meanScoreGap: number | null;
}

export interface ShadowStore {
  /** Counts one comparison; false when this `comparisonId` was counted already. */
  record(comparison: ShadowComparison): Promise<boolean>;
  /** Every queue with a comparison, by queue id. */
  summaries(): Promise<QueueShadowSummary[]>;
}

export interface ShadowStoreOptions {
  /**
   * The deployment's key prefix (its `BULLMQ_PREFIX`), as for the decision log: keys are
   * `<prefix>:decision-log:shadow:...`.
   * @defaultValue "routing"
   */
  readonly prefix?: string;
}

/** Per-queue shadow mode counters in Redis, shared by the workers that count and the dashboard that reads. */
export function createShadowStore(redis: Redis, options: ShadowStoreOptions = {}): ShadowStore {
  const base = `${options.prefix ?? "routing"}:decision-log:shadow:`;
  const queuesKey = `${base}queues`;
  const queueKey = (queueId: string) => `${base}queue:${queueId}`;
  return {
    async record(comparison) {
      for (const field of ["comparisonId", "queueId"] as const) {
        if (!ID_PATTERN.test(comparison[field])) throw new RangeError(`${field} must be an id`);
      }
      if (!Number.isFinite(comparison.scoreGap)) throw new RangeError("scoreGap must be a finite number");
      const counted = await runScript(
        redis,
        COUNT,
        [`${base}compared:${comparison.comparisonId}`, queueKey(comparison.queueId), queuesKey],
        [
          COMPARISON_MARKER_TTL_SECONDS,
          comparison.queueId,
          comparison.agreed ? 1 : 0,
          String(comparison.scoreGap),
        ],
      );
      return counted === 1;
    },
    async summaries() {
      const queueIds = (await redis.smembers(queuesKey)).sort();
      const hashes = await Promise.all(queueIds.map((queueId) => redis.hgetall(queueKey(queueId))));
      return queueIds.map((queueId, index) => {
        const hash = hashes[index] ?? {};
        const compared = Number(hash.compared ?? 0);
        const agreed = Number(hash.agreed ?? 0);
        const gapSum = Number(hash.scoreGapSum ?? 0);
        return {
          queueId,
          compared,
          agreed,
          agreementRate: compared === 0 ? null : agreed / compared,
          meanScoreGap: compared === 0 ? null : gapSum / compared,
        };
      });
    },
  };
}

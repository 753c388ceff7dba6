import {
  DEFAULT_SCORING_WEIGHTS,
  type MeasuredSlaAdjustment,
  type ScoringWeights,
  weightsForMeasuredServiceLevel,
} from "@routing/core";
import type { Redis } from "ioredis";
import { z } from "zod";

/** A queue's service level as last measured (`queues.service-level`), cached in Redis for every worker. */
export interface MeasuredQueueServiceLevel {
  readonly queueId: string;
  /** Conversations answered within the target's duration / conversations counted (`oServiceLevel`). */
  readonly numerator: number;
  readonly denominator: number;
  /** The queue's target (`mediaSettings.<media>.serviceLevel`), as core's `SlaTarget`. */
  readonly target: { readonly percent: number; readonly seconds: number };
  readonly measuredAtMs: number;
  readonly windowMs: number;
}

const measuredSchema = z.object({
  queueId: z.string(),
  numerator: z.number().nonnegative(),
  denominator: z.number().nonnegative(),
  target: z.object({ percent: z.number(), seconds: z.number() }),
  measuredAtMs: z.number(),
  windowMs: z.number(),
});

/** The scoring weights a queue's decisions use now. */
export interface QueueWeights {
  readonly weights: ScoringWeights;
  /** How they were chosen; null without a (recent) measurement: the base weights as configured. */
  readonly sla: MeasuredSlaAdjustment | null;
}

export interface QueueServiceLevels {
  record(measured: MeasuredQueueServiceLevel): Promise<void>;
  read(queueId: string): Promise<MeasuredQueueServiceLevel | undefined>;
  /**
   * The weights the score handler ranks a queue's conversation with: core's `weightsForMeasuredServiceLevel`
   * on the queue's cached measurement (one Redis GET, no Genesys call); the base weights while there is none.
   */
  weightsFor(queueId: string): Promise<QueueWeights>;
}

export interface QueueServiceLevelsOptions {
  readonly redis: Pick<Redis, "get" | "set">;
  readonly keyPrefix: string;
  /** A measurement older than this is dropped (the weights fall back to the base ones). */
  readonly ttlMs: number;
  /** The configured weights (WorkerPolicy.ranking.weights); default core's. */
  readonly baseWeights?: ScoringWeights | undefined;
  /**
   * How long `weightsFor` reuses a queue's weights in this process before reading Redis again: a busy
   * queue's decisions then skip one Redis round trip each, and a new measurement reaches them this late.
   * @defaultValue 0 (read on every call)
   */
  readonly reuseMs?: number;
  /** @defaultValue Date.now */
  readonly now?: () => number;
}

export function createQueueServiceLevels(options: QueueServiceLevelsOptions): QueueServiceLevels {
  const { redis, ttlMs } = options;
  const base = options.baseWeights ?? DEFAULT_SCORING_WEIGHTS;
  const reuseMs = options.reuseMs ?? 0;
  if (!Number.isInteger(reuseMs) || reuseMs < 0) throw new RangeError("reuseMs must be a whole number >= 0");
  const now = options.now ?? Date.now;
  const reused = new Map<string, { readonly untilMs: number; readonly weights: Promise<QueueWeights> }>();
  const keyOf = (queueId: string) => `${options.keyPrefix}:worker:service-level:${queueId}`;
  const read = async (queueId: string): Promise<MeasuredQueueServiceLevel | undefined> => {
    const raw = await redis.get(keyOf(queueId));
    if (raw === null) return undefined;
    try {
      const parsed = measuredSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    async record(measured) {
      await redis.set(keyOf(measured.queueId), JSON.stringify(measuredSchema.parse(measured)), "PX", ttlMs);
    },
    read,
    weightsFor(queueId) {
      if (reuseMs === 0) return weightsOf(queueId);
      const atMs = now();
      const kept = reused.get(queueId);
      if (kept !== undefined && kept.untilMs > atMs) return kept.weights;
      const weights = weightsOf(queueId);
      reused.set(queueId, { untilMs: atMs + reuseMs, weights });
      // A failed read is not kept: the next decision tries again.
      weights.catch(() => reused.delete(queueId));
      return weights;
    },
  };

  async function weightsOf(queueId: string): Promise<QueueWeights> {
    const measured = await read(queueId);
    if (measured === undefined || measured.denominator <= 0) return { weights: base, sla: null };
    const sla = weightsForMeasuredServiceLevel(base, measured.target, {
      fraction: Math.min(1, measured.numerator / measured.denominator),
      contacts: Math.round(measured.denominator),
    });
    return { weights: sla.weights, sla };
  }
}

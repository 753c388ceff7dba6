import type { SkillAdjustment } from "@routing/core";
import { z } from "zod";

/** The part of ioredis the ledger needs. */
export interface LedgerRedis {
  hget(key: string, field: string): Promise<string | null>;
  hset(key: string, field: string, value: string): Promise<number>;
  pexpire(key: string, milliseconds: number): Promise<number>;
}

/** A proficiency change this job wrote. */
export interface WrittenAdjustment {
  readonly skillId: string;
  readonly skillName: string | null;
  readonly from: number;
  readonly to: number;
  readonly target: number;
  readonly clamped: boolean;
  readonly alert: boolean;
  readonly reason: string;
}

/** Core's decision to move a skill, as written (and audited): the skill's name as the agent's read gave it. */
export function writtenAdjustment(
  decision: SkillAdjustment,
  skillName: string | undefined,
): WrittenAdjustment {
  return {
    skillId: decision.skillId,
    skillName: skillName ?? null,
    from: decision.from,
    to: decision.to,
    target: decision.target,
    clamped: decision.clamped,
    alert: decision.alert,
    reason: decision.reason,
  };
}

/**
 * What one skills.adjust job has already done, kept in Redis under the job id. A retry after a failure
 * half-way (a 429 on the fifth agent, say) must not move the first four agents a second step: it
 * re-reads their current proficiency, which already moved, and would decide again from there.
 */
export interface AdjustmentLedger {
  writtenFor(
    jobId: string,
    queueId: string,
    userId: string,
  ): Promise<readonly WrittenAdjustment[] | undefined>;
  recordWritten(
    jobId: string,
    queueId: string,
    userId: string,
    adjustments: readonly WrittenAdjustment[],
  ): Promise<void>;
  alertSent(jobId: string, alertKey: string): Promise<boolean>;
  recordAlertSent(jobId: string, alertKey: string): Promise<void>;
}

export interface AdjustmentLedgerOptions {
  readonly keyPrefix: string;
  /** At least as long as a failed job is kept for replay. */
  readonly ttlMs: number;
}

const writtenSchema = z.array(
  z.object({
    skillId: z.string(),
    skillName: z.string().nullable(),
    from: z.number(),
    to: z.number(),
    target: z.number(),
    clamped: z.boolean(),
    alert: z.boolean(),
    reason: z.string(),
  }),
);

export function createAdjustmentLedger(
  redis: LedgerRedis,
  options: AdjustmentLedgerOptions,
): AdjustmentLedger {
  const keyOf = (jobId: string) => `${options.keyPrefix}:worker:skills-adjust:${jobId}`;
  const put = async (jobId: string, field: string, value: string) => {
    const key = keyOf(jobId);
    await redis.hset(key, field, value);
    await redis.pexpire(key, options.ttlMs);
  };
  return {
    async writtenFor(jobId, queueId, userId) {
      const raw = await redis.hget(keyOf(jobId), `written:${queueId}:${userId}`);
      return raw === null ? undefined : writtenSchema.parse(JSON.parse(raw));
    },
    recordWritten(jobId, queueId, userId, adjustments) {
      return put(jobId, `written:${queueId}:${userId}`, JSON.stringify(adjustments));
    },
    async alertSent(jobId, alertKey) {
      return (await redis.hget(keyOf(jobId), `alert:${alertKey}`)) !== null;
    },
    recordAlertSent(jobId, alertKey) {
      return put(jobId, `alert:${alertKey}`, "1");
    },
  };
}

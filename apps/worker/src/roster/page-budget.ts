import type { Redis } from "ioredis";

/**
 * A share of the Genesys budget for one kind of background read, as pages (requests) per scheduler run,
 * kept in Redis so that every worker draws from one allowance. Each run adds one run's worth of credit
 * (never banking more than that); a read that needed more than was there leaves the credit negative, and
 * the following runs skip until it is paid back. So the share holds on average even when one queue alone
 * needs more requests than one run may spend.
 */
export interface PageBudget {
  readonly pagesPerRun: number;
  /** Adds this run's credit; returns what may be spent now (<= 0: skip this run). */
  refill(): Promise<number>;
  /** Records requests spent; returns what is left. */
  spend(pages: number): Promise<number>;
}

const REFILL = `
local credit = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
local perRun = tonumber(ARGV[1])
credit = math.min(perRun, credit + perRun)
redis.call('SET', KEYS[1], credit, 'PX', ARGV[2])
return credit
`;

export function createPageBudget(
  redis: Redis,
  key: string,
  pagesPerRun: number,
  intervalMs: number,
): PageBudget {
  // Forgotten after ten idle runs: a budget left negative by a long-gone deployment must not starve a new one.
  const ttlMs = String(Math.max(60_000, intervalMs * 10));
  return {
    pagesPerRun,
    async refill() {
      return Number(await redis.eval(REFILL, 1, key, String(pagesPerRun), ttlMs));
    },
    async spend(pages) {
      return redis.decrby(key, pages);
    },
  };
}

/**
 * Requests per run for a share of the shared budget: `share` x `limit` requests per `windowMs`, over one
 * run's `intervalMs`, at least 1 (a share too small for one request a run still makes progress).
 */
export function pagesPerRun(
  share: number,
  rateLimit: { limit: number; windowMs: number },
  intervalMs: number,
): number {
  return Math.max(1, Math.floor((share * rateLimit.limit * intervalMs) / rateLimit.windowMs));
}

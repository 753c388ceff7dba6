import type { DecisionLog, DecisionOutcome } from "@routing/decision-log";
import { findRateBudgets, type RateBudgetUsage, readRateBudgetUsage } from "@routing/genesys-client";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { readSnapshots } from "../metrics/queue-metrics.js";

/** Minutes of decisions the overview shows. */
export const OVERVIEW_MINUTES = 30;
const MINUTE_MS = 60_000;

export interface OverviewSources {
  readonly connection: Redis;
  /** BULLMQ_PREFIX */
  readonly prefix: string;
  readonly queues: readonly Queue[];
  readonly decisionLog: DecisionLog;
  /** GENESYS_RATE_LIMIT / GENESYS_RATE_WINDOW_MS: the budget the workers and ingesters share. */
  readonly budget: { readonly limit: number; readonly windowMs: number };
  readonly now: () => number;
}

export interface Overview {
  readonly generatedAt: string;
  readonly queues: readonly {
    readonly queue: string;
    readonly counts: Readonly<Record<string, number>>;
    /** Jobs ready to run: waiting + prioritized. */
    readonly backlog: number;
    readonly paused: boolean;
    /** The queue-wide pause the workers set after a Genesys 429; 0 when none. */
    readonly rateLimitTtlMs: number;
    readonly oldestWaitingAgeSeconds: number | null;
    readonly workers: number | null;
  }[];
  /** Decisions per minute by outcome, oldest minute first; the last entry is the current minute. */
  readonly decisions: {
    readonly bucketSeconds: number;
    readonly fromMs: number;
    readonly outcomes: Readonly<Record<DecisionOutcome, number[]>>;
  };
  readonly budget: {
    readonly limit: number;
    readonly windowMs: number;
    /** One per OAuth client that used the budget within the window (or is paused). */
    readonly clients: readonly (Omit<RateBudgetUsage, "keyPrefix"> & {
      readonly client: string;
      /** total / the effective limit (the lower of GENESYS_RATE_LIMIT and the observed one). */
      readonly use: number;
    })[];
  };
  /** Genesys 429s in effect: queues held by the queue-wide pause, budgets paused. */
  readonly rateLimited: { readonly queues: readonly string[]; readonly budgets: number };
  /** The ingesters' delivery watermark per notification topic: how far delivery is known complete. */
  readonly stream: {
    readonly topics: readonly {
      readonly topic: string;
      readonly deliveredUntil: string;
      readonly lagSeconds: number;
    }[];
    /** The largest lag, null when no ingester has written a watermark. */
    readonly maxLagSeconds: number | null;
  };
}

/**
 * Everything GET /api/overview shows, read from Redis now (no cache: every dashboard instance answers the
 * same): the catalog queues as /metrics sees them, decisions per minute from the decision log's outcome
 * indexes, the shared Genesys budget's grants, and the ingesters' delivery watermark (the key
 * `<prefix>:ingester:delivered-until`, a hash of topic -> epoch ms, written by apps/ingester).
 */
export async function readOverview(sources: OverviewSources): Promise<Overview> {
  const now = sources.now();
  const fromMs = Math.floor(now / MINUTE_MS) * MINUTE_MS - (OVERVIEW_MINUTES - 1) * MINUTE_MS;
  const [snapshots, outcomes, budgets, watermarks] = await Promise.all([
    readSnapshots(sources.queues),
    sources.decisionLog.countByOutcome({ fromMs, bucketMs: MINUTE_MS, buckets: OVERVIEW_MINUTES }),
    readBudgets(sources),
    sources.connection.hgetall(`${sources.prefix}:ingester:delivered-until`),
  ]);
  const queues = snapshots.map((snapshot) => ({
    queue: snapshot.queue,
    counts: snapshot.counts,
    backlog: (snapshot.counts.waiting ?? 0) + (snapshot.counts.prioritized ?? 0),
    paused: snapshot.paused,
    rateLimitTtlMs: snapshot.rateLimitTtlMs,
    oldestWaitingAgeSeconds:
      snapshot.oldestWaitingAtMs === undefined ? null : Math.max(0, now - snapshot.oldestWaitingAtMs) / 1000,
    workers: snapshot.workers ?? null,
  }));
  const topics = Object.entries(watermarks)
    .map(([topic, value]) => ({ topic, ms: Number(value) }))
    .filter(({ ms }) => Number.isFinite(ms))
    .map(({ topic, ms }) => ({
      topic,
      deliveredUntil: new Date(ms).toISOString(),
      lagSeconds: Math.max(0, now - ms) / 1000,
    }))
    .sort((a, b) => b.lagSeconds - a.lagSeconds);
  return {
    generatedAt: new Date(now).toISOString(),
    queues,
    decisions: { bucketSeconds: MINUTE_MS / 1000, fromMs, outcomes },
    budget: { ...sources.budget, clients: budgets },
    rateLimited: {
      queues: queues.filter((queue) => queue.rateLimitTtlMs > 0).map((queue) => queue.queue),
      budgets: budgets.filter((budget) => budget.pausedMs > 0).length,
    },
    stream: { topics, maxLagSeconds: topics[0]?.lagSeconds ?? null },
  };
}

async function readBudgets(sources: OverviewSources): Promise<Overview["budget"]["clients"]> {
  const budgetPrefix = `${sources.prefix}:genesys:`;
  const prefixes = await findRateBudgets(sources.connection, budgetPrefix);
  const usages = await Promise.all(
    prefixes.map((keyPrefix) => readRateBudgetUsage(sources.connection, keyPrefix, sources.budget.windowMs)),
  );
  return usages.map(({ keyPrefix, ...usage }) => {
    const limit = Math.min(sources.budget.limit, usage.observedLimit ?? Number.POSITIVE_INFINITY);
    return {
      client: keyPrefix.slice(budgetPrefix.length).replace(/:$/, ""),
      ...usage,
      use: limit > 0 ? Math.round((usage.total / limit) * 10_000) / 10_000 : 0,
    };
  });
}

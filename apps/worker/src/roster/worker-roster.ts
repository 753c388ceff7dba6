import { createRosterStore, type RosterStore, rosterKeyPrefix, type StalePolicy } from "@routing/roster";
import type { Redis } from "ioredis";
import type { Registry } from "prom-client";
import { createPageBudget, type PageBudget, pagesPerRun } from "./page-budget.js";
import type { ReconcileSchedule } from "./reconcile-schedule.js";
import { createRosterMetrics, type RosterMetrics } from "./roster-metrics.js";

/** `ReconcileSchedule`: when each queue is due for reconciliation (`reconcile-schedule.ts`). */
export interface WorkerRosterConfig extends ReconcileSchedule {
  /** Every how often the reconciliation and the skills refresh run (job schedulers). */
  readonly reconcileIntervalMs: number;
  /** Share of the Genesys rate budget reconciliation may spend (0-1). */
  readonly reconcileBudgetShare: number;
  readonly skillsRefreshIntervalMs: number;
  readonly skillsBudgetShare: number;
  /** Skills older than this read as expired; the refresh renews them at half of it. */
  readonly skillsTtlMs: number;
  /** A roster not confirmed for this long is stale. */
  readonly maxConfirmedAgeMs: number;
  /** What a decision does with a stale roster (WORKER_ROSTER_ON_STALE; `decision-roster.ts`). */
  readonly onStale: StalePolicy;
}

/** What the roster handlers share: the store, their metrics, and the two background budgets. */
export interface WorkerRoster {
  readonly store: RosterStore;
  readonly metrics: RosterMetrics;
  readonly config: WorkerRosterConfig;
  readonly reconcileBudget: PageBudget;
  readonly skillsBudget: PageBudget;
}

export interface WorkerRosterOptions {
  readonly redis: Redis;
  /** BULLMQ_PREFIX: the roster lives under `rosterKeyPrefix(prefix)`, shared with the deployment's ingesters. */
  readonly prefix: string;
  readonly registry: Registry;
  readonly rateLimit: { readonly limit: number; readonly windowMs: number };
  readonly config: WorkerRosterConfig;
  readonly now: () => number;
}

export function createWorkerRoster(options: WorkerRosterOptions): WorkerRoster {
  const { redis, prefix, config, rateLimit } = options;
  const keyPrefix = rosterKeyPrefix(prefix);
  return {
    store: createRosterStore(redis, {
      keyPrefix,
      skillsTtlMs: config.skillsTtlMs,
      maxConfirmedAgeMs: config.maxConfirmedAgeMs,
      onStale: config.onStale,
      now: options.now,
    }),
    metrics: createRosterMetrics(options.registry),
    config,
    reconcileBudget: createPageBudget(
      redis,
      `${keyPrefix}:budget:reconcile`,
      pagesPerRun(config.reconcileBudgetShare, rateLimit, config.reconcileIntervalMs),
      config.reconcileIntervalMs,
    ),
    skillsBudget: createPageBudget(
      redis,
      `${keyPrefix}:budget:skills`,
      pagesPerRun(config.skillsBudgetShare, rateLimit, config.skillsRefreshIntervalMs),
      config.skillsRefreshIntervalMs,
    ),
  };
}

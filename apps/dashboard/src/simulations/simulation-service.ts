import { randomUUID } from "node:crypto";
import {
  InputError,
  InvalidInputError,
  PolicyConfigError,
  type SimulationReport,
  scoringForRun,
  simulateStream,
  summariseSimulationRuns,
} from "@routing/core";
import { HttpError } from "@routing/http-kit";
import type { Logger } from "pino";
import type { DashboardMetrics } from "../metrics/dashboard-metrics.js";
import { yieldingFeed } from "./interaction-feed.js";
import type { SimulationPlan } from "./simulation-plan.js";
import type { SimulationRecord } from "./simulation-record.js";
import type { SimulationStore } from "./simulation-store.js";

/** What a busy dashboard tells the caller to wait before asking again (a typical run takes seconds). */
export const BUSY_RETRY_AFTER_SECONDS = 10;
/** Progress is written to Redis at most this often; pollers see it move without a write per callback. */
const PROGRESS_WRITE_INTERVAL_MS = 250;
/** Progress callbacks per policy: often enough for a smooth bar on any dataset size. */
const PROGRESS_STEPS = 50;

export const INTERRUPTED_MESSAGE = "interrupted by shutdown";

/** A place in the concurrency limit, held from validation until the run ends. */
export interface SimulationSlot {
  /** Stores the run as "running" and starts it in the background; resolves once it is stored. */
  start(plan: SimulationPlan): Promise<SimulationRecord>;
  /** Gives the place back when the request fails before `start`. */
  release(): void;
}

export interface SimulationService {
  /**
   * Takes a place, or throws 429 (with Retry-After) when DASHBOARD_SIMULATION_CONCURRENCY runs are
   * already going in this process, 503 while shutting down. Over-limit requests are refused rather than
   * queued: a queue in this process would be lost on restart, and the caller can retry anywhere.
   */
  reserve(): SimulationSlot;
  load(id: string): Promise<SimulationRecord | undefined>;
  /** The newest simulations of the deployment first (any instance's), at most `limit`. */
  list(limit: number): Promise<SimulationRecord[]>;
  /** Stops accepting, interrupts the running simulations and waits until each is recorded as failed. */
  close(): Promise<void>;
}

export interface SimulationServiceOptions {
  readonly store: SimulationStore;
  readonly concurrency: number;
  readonly logger: Logger;
  readonly metrics: DashboardMetrics;
}

interface RunningSimulation {
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

export function createSimulationService(options: SimulationServiceOptions): SimulationService {
  const { store, logger, metrics } = options;
  const running = new Map<string, RunningSimulation>();
  let reserved = 0;
  let closing = false;

  const shuttingDown = () =>
    new HttpError(503, "shutting-down", "this dashboard instance is shutting down; retry shortly", {
      headers: { "Retry-After": "5" },
    });

  const execute = async (record: SimulationRecord, plan: SimulationPlan, signal: AbortSignal) => {
    const progress = progressWriter(record, store, logger);
    try {
      const reports: SimulationReport[] = [];
      const { runs } = plan.runs;
      for (const [index, run] of runs.entries()) {
        const total = plan.interactionCount;
        reports.push(
          await simulateStream(yieldingFeed(plan.interactions(), signal), plan.agents, {
            policy: run.policy,
            scoring: scoringForRun(run),
            targetSeconds: plan.targetSeconds,
            totalInteractions: total,
            progressEvery: Math.max(1, Math.ceil(total / PROGRESS_STEPS)),
            onProgress: ({ processed }) =>
              progress.report((index + (total === 0 ? 1 : processed / total)) / runs.length),
          }),
        );
      }
      await progress.settled();
      const finishedAt = new Date().toISOString();
      await store.save({
        ...record,
        status: "completed",
        progress: 1,
        updatedAt: finishedAt,
        finishedAt,
        report: summariseSimulationRuns(plan.runs, reports),
      });
      metrics.simulations.inc({ outcome: "completed" });
      logger.info({ simulationId: record.id, policies: plan.policies }, "simulation completed");
    } catch (error) {
      const interrupted = signal.aborted;
      if (!interrupted) logger.error({ err: error, simulationId: record.id }, "simulation failed");
      await progress.settled();
      const finishedAt = new Date().toISOString();
      await store
        .save({
          ...record,
          status: "failed",
          progress: progress.latest(),
          updatedAt: finishedAt,
          finishedAt,
          error: interrupted
            ? { code: "interrupted", message: INTERRUPTED_MESSAGE }
            : { code: "simulation-failed", message: describeFailure(error) },
        })
        .catch((saveError: unknown) => {
          logger.error({ err: saveError, simulationId: record.id }, "could not record a failed simulation");
        });
      metrics.simulations.inc({ outcome: interrupted ? "interrupted" : "failed" });
    }
  };

  return {
    reserve: () => {
      if (closing) throw shuttingDown();
      if (reserved >= options.concurrency) {
        metrics.simulations.inc({ outcome: "rejected" });
        throw new HttpError(
          429,
          "too-many-simulations",
          `${options.concurrency} simulation(s) already running on this dashboard instance (DASHBOARD_SIMULATION_CONCURRENCY); retry in ${BUSY_RETRY_AFTER_SECONDS} s`,
          { headers: { "Retry-After": String(BUSY_RETRY_AFTER_SECONDS) } },
        );
      }
      reserved++;
      let held = true;
      const release = () => {
        if (!held) return;
        held = false;
        reserved--;
      };
      return {
        release,
        start: async (plan) => {
          if (closing) {
            release();
            throw shuttingDown();
          }
          const now = new Date().toISOString();
          const record: SimulationRecord = {
            id: randomUUID(),
            status: "running",
            progress: 0,
            policies: plan.policies,
            compare: plan.compare,
            fairnessTerm: plan.runs.runs.find((run) => run.fairness !== undefined)?.fairness ?? null,
            targetSeconds: plan.targetSeconds,
            source: plan.source,
            interactions: plan.interactionCount,
            agents: plan.agents.length,
            createdAt: now,
            updatedAt: now,
          };
          try {
            await store.save(record);
          } catch (error) {
            release();
            throw error;
          }
          const controller = new AbortController();
          metrics.simulationsRunning.inc();
          const done = execute(record, plan, controller.signal).finally(() => {
            running.delete(record.id);
            metrics.simulationsRunning.dec();
            release();
          });
          running.set(record.id, { controller, done });
          return record;
        },
      };
    },
    load: (id) => store.load(id),
    list: (limit) => store.list(limit),
    close: async () => {
      closing = true;
      const runs = [...running.values()];
      for (const run of runs) run.controller.abort(new Error(INTERRUPTED_MESSAGE));
      await Promise.all(runs.map((run) => run.done));
    },
  };
}

interface ProgressWriter {
  report(fraction: number): void;
  latest(): number;
  /** Resolves once every progress write issued so far has finished (they never reject). */
  settled(): Promise<void>;
}

/** Throttled, ordered progress writes: each waits for the previous one, so a reader never sees it go back. */
function progressWriter(record: SimulationRecord, store: SimulationStore, logger: Logger): ProgressWriter {
  let latest = 0;
  let lastWriteAt = 0;
  let chain: Promise<void> = Promise.resolve();
  return {
    report: (fraction) => {
      latest = Math.min(1, Math.max(latest, fraction));
      const now = Date.now();
      if (now - lastWriteAt < PROGRESS_WRITE_INTERVAL_MS) return;
      lastWriteAt = now;
      const progress = latest;
      chain = chain
        .then(() => store.save({ ...record, progress, updatedAt: new Date(now).toISOString() }))
        .catch((error: unknown) => {
          logger.warn({ err: error, simulationId: record.id }, "could not record simulation progress");
        });
    },
    latest: () => latest,
    settled: () => chain,
  };
}

/** Core's input errors describe the data and are safe to show; anything else is summarised. */
function describeFailure(error: unknown): string {
  if (
    error instanceof InputError ||
    error instanceof InvalidInputError ||
    error instanceof PolicyConfigError
  ) {
    return error.message;
  }
  return "the simulation failed with an internal error (see the dashboard log)";
}

import type { Queue } from "bullmq";
import type { Logger } from "pino";
import { Gauge, type Registry } from "prom-client";

/**
 * Job states reported per queue. Decision jobs carry a priority, so their backlog is "prioritized" rather
 * than "waiting": a dashboard showing only "waiting" would hide it.
 */
export const REPORTED_JOB_STATES = [
  "waiting",
  "prioritized",
  "active",
  "delayed",
  "failed",
  "completed",
  "waiting-children",
] as const;

export interface QueueSnapshot {
  readonly queue: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly paused: boolean;
  /** Milliseconds left on the queue-wide rate limit (the 429 pause); 0 when none. */
  readonly rateLimitTtlMs: number;
  /** Creation time (epoch ms) of the oldest job waiting to run (waiting or prioritized); undefined when none. */
  readonly oldestWaitingAtMs: number | undefined;
  /** Worker connections consuming the queue (BullMQ's CLIENT LIST view); undefined when Redis refuses it. */
  readonly workers: number | undefined;
}

/**
 * BullMQ gauges read from Redis at scrape time, so every dashboard instance reports the same numbers
 * and nothing is cached between scrapes:
 * - bullmq_queue_jobs{queue,state}: jobs per state (backlog, failures);
 * - bullmq_queue_paused{queue}: 1 while the queue is paused;
 * - bullmq_queue_rate_limit_ttl_seconds{queue}: time left on the queue-wide rate limit the workers set
 *   after a Genesys 429;
 * - bullmq_queue_oldest_waiting_age_seconds{queue}: how long the oldest job ready to run (waiting or
 *   prioritized) has waited since it was created, 0 when none: the SLA signal a backlog count cannot give;
 * - bullmq_queue_workers{queue}: workers consuming the queue (0 = nothing will take the next job);
 * - bullmq_queue_metrics_up: 0 when the last scrape could not read Redis (the other series are then absent
 *   rather than stale).
 */
export function registerQueueMetrics(
  registry: Registry,
  queues: readonly Queue[],
  logger: Logger,
  now: () => number = Date.now,
): void {
  // prom-client collects every metric of a scrape concurrently; one shared read per scrape keeps the
  // gauges consistent with each other and costs one round of Redis calls.
  let inFlight: Promise<QueueSnapshot[] | undefined> | undefined;
  const snapshot = (): Promise<QueueSnapshot[] | undefined> => {
    inFlight ??= readSnapshots(queues)
      .catch((error: unknown) => {
        logger.warn({ err: error }, "could not read queue state for /metrics");
        return undefined;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  new Gauge({
    name: "bullmq_queue_jobs",
    help: "Jobs in each state of a BullMQ queue, read from Redis at scrape time",
    labelNames: ["queue", "state"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const queue of (await snapshot()) ?? []) {
        for (const state of REPORTED_JOB_STATES) {
          this.set({ queue: queue.queue, state }, queue.counts[state] ?? 0);
        }
      }
    },
  });
  new Gauge({
    name: "bullmq_queue_paused",
    help: "1 while the queue is paused (queue.pause(), Bull Board), else 0",
    labelNames: ["queue"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const queue of (await snapshot()) ?? []) this.set({ queue: queue.queue }, queue.paused ? 1 : 0);
    },
  });
  new Gauge({
    name: "bullmq_queue_rate_limit_ttl_seconds",
    help: "Seconds left on the queue-wide rate limit (set by workers after a Genesys 429), 0 when none",
    labelNames: ["queue"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const queue of (await snapshot()) ?? []) {
        this.set({ queue: queue.queue }, queue.rateLimitTtlMs / 1000);
      }
    },
  });
  new Gauge({
    name: "bullmq_queue_oldest_waiting_age_seconds",
    help: "Seconds since the oldest job ready to run (waiting or prioritized) was created, 0 when none waits",
    labelNames: ["queue"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const at = now();
      for (const queue of (await snapshot()) ?? []) {
        const oldest = queue.oldestWaitingAtMs;
        this.set({ queue: queue.queue }, oldest === undefined ? 0 : Math.max(0, at - oldest) / 1000);
      }
    },
  });
  new Gauge({
    name: "bullmq_queue_workers",
    help: "Workers consuming the queue (connections BullMQ names for it in CLIENT LIST); absent when Redis refuses CLIENT LIST",
    labelNames: ["queue"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const queue of (await snapshot()) ?? []) {
        if (queue.workers !== undefined) this.set({ queue: queue.queue }, queue.workers);
      }
    },
  });
  new Gauge({
    name: "bullmq_queue_metrics_up",
    help: "1 when the last scrape read every queue's state from Redis, 0 when it failed",
    registers: [registry],
    async collect() {
      this.set((await snapshot()) === undefined ? 0 : 1);
    },
  });
}

export async function readSnapshots(queues: readonly Queue[]): Promise<QueueSnapshot[]> {
  return Promise.all(
    queues.map(async (queue) => {
      const [counts, paused, ttl, oldestWaitingAtMs, workers] = await Promise.all([
        queue.getJobCounts(...REPORTED_JOB_STATES),
        queue.isPaused(),
        queue.getRateLimitTtl(),
        oldestWaitingAt(queue),
        // Managed Redis services may refuse CLIENT LIST: then the gauge is absent, not a false 0.
        queue.getWorkersCount().catch(() => undefined),
      ]);
      // PTTL semantics: -2 no key, -1 no expiry; neither is a pause with time left.
      return {
        queue: queue.name,
        counts,
        paused,
        rateLimitTtlMs: Math.max(0, ttl),
        oldestWaitingAtMs,
        workers,
      };
    }),
  );
}

/**
 * The oldest job ready to run: the far end of the `wait` list and the head of `prioritized`. Prioritized
 * jobs are ordered by priority, then arrival; every job of a queue shares one priority in the catalog
 * (decisions 1, maintenance none), so that head is its oldest (test/ops checks the catalog keeps it so).
 */
async function oldestWaitingAt(queue: Queue): Promise<number | undefined> {
  const [waiting, prioritized] = await Promise.all([
    queue.getJobs(["wait"], 0, 0, true),
    queue.getJobs(["prioritized"], 0, 0, true),
  ]);
  const times = [...waiting, ...prioritized].map((job) => job.timestamp).filter(Number.isFinite);
  return times.length === 0 ? undefined : Math.min(...times);
}

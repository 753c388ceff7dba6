import { QUEUES, type QueueName, RETENTION } from "@routing/jobs";
import { Queue, type Worker } from "bullmq";
import type { WorkerDependencies } from "./dependencies.js";
import { DISPATCH_TABLE, type DispatchTable } from "./dispatch.js";
import { createHandoffSessions } from "./handoff/handoff-sessions.js";
import { createHttpServer } from "./http/http-server.js";
import type { HealthReport } from "./http/http-types.js";
import { createJobEnqueuer } from "./job-enqueuer.js";
import { createJobProcessor } from "./job-processor.js";
import { createWorkerMetrics } from "./metrics.js";
import { buildWorkerPolicy } from "./policy.js";
import { createQueueWorker, type StallSettings } from "./queue-worker.js";
import { ROUTES } from "./routes.js";
import { createAdjustmentLedger } from "./skill-adjustment/adjustment-ledger.js";
import { createWriteJournal } from "./write-journal.js";

export interface WorkerApp {
  /** Starts both queue workers and the metrics server; resolves once jobs are being taken. */
  start(): Promise<{ readonly metricsPort: number }>;
  /** Stops taking jobs, waits for the active ones, closes the queues and the metrics server. Idempotent. */
  close(): Promise<void>;
}

export interface WorkerAppOptions {
  /** Replaces the clock handlers decide with (tests). Default Date.now. */
  readonly nowMs?: () => number;
  /** Replaces the dispatch table (tests). */
  readonly dispatch?: DispatchTable;
}

/**
 * One worker process: a BullMQ Worker per queue (decisions, maintenance) running the catalog's handlers
 * against Genesys under the deployment-wide rate budget, and the /metrics and /healthz endpoints. Any
 * number of these may run against the same Redis; they share the budget, the token and every state.
 */
export function createWorkerApp(dependencies: WorkerDependencies, options: WorkerAppOptions = {}): WorkerApp {
  const { config, logger, redis, registry } = dependencies;
  const prefix = config.bullmqPrefix;
  const policy = buildWorkerPolicy(config);
  const metrics = createWorkerMetrics(registry);
  const queueSettings: readonly { name: QueueName; concurrency: number; stall?: StallSettings }[] = [
    { name: QUEUES.decisions, concurrency: config.concurrency.decisions, stall: config.decisionsStall },
    { name: QUEUES.maintenance, concurrency: config.concurrency.maintenance },
  ];
  // Pause the whole queue after a 429, and carry the jobs a recovery adds.
  const queues = new Map<QueueName, Queue>();
  for (const { name } of queueSettings) {
    const queue = new Queue(name, { connection: redis, prefix });
    queue.on("error", (error) => logger.error({ err: error, queue: name }, "queue error"));
    queues.set(name, queue);
  }
  const services = {
    genesys: dependencies.genesys.client,
    policy,
    handoffSessions: createHandoffSessions(redis, { keyPrefix: prefix, ttlMs: config.handoff.stateTtlMs }),
    adjustmentLedger: createAdjustmentLedger(redis, {
      keyPrefix: prefix,
      ttlMs: RETENTION.failedAgeSeconds * 1000,
    }),
    metrics,
    jobs: createJobEnqueuer(queues),
    nowMs: options.nowMs ?? Date.now,
  };

  const writeJournal = createWriteJournal({ redis, keyPrefix: prefix });
  const workers: Worker[] = [];
  for (const { name, concurrency, stall } of queueSettings) {
    const queue = queues.get(name);
    if (queue === undefined) throw new Error(`no queue "${name}"`);
    const processor = createJobProcessor({
      queueName: name,
      dispatch: options.dispatch ?? DISPATCH_TABLE,
      services,
      writeJournal,
      errorEffects: { budget: dependencies.genesys.budget, queue },
      metrics,
      logger,
    });
    workers.push(
      createQueueWorker({
        queueName: name,
        processor,
        connection: redis,
        prefix,
        concurrency,
        workerName: dependencies.instanceName,
        logger,
        stall,
      }),
    );
  }

  const health = (): HealthReport => {
    const checks: Record<string, string> = { redis: redis.status };
    for (const worker of workers) checks[worker.name] = worker.isRunning() ? "running" : "stopped";
    return {
      healthy: Object.values(checks).every((check) => check === "ready" || check === "running"),
      checks,
    };
  };
  const http = createHttpServer(ROUTES, { registry, health }, logger);
  let closing: Promise<void> | undefined;

  return {
    async start() {
      for (const worker of workers) {
        worker
          .run()
          .catch((error: unknown) => logger.error({ err: error, queue: worker.name }, "worker stopped"));
        await worker.waitUntilReady();
      }
      const { port } = await http.listen(config.metrics.port, config.metrics.host);
      logger.info(
        {
          metricsPort: port,
          queues: queueSettings,
          genesys: config.genesys.kind,
          rateLimit: config.genesysRateLimit,
          prefix,
        },
        "worker started",
      );
      return { metricsPort: port };
    },
    close() {
      closing ??= (async () => {
        // Workers first: worker.close() waits for the active jobs, which still need the queues' Redis.
        await Promise.all(workers.map((worker) => worker.close()));
        await Promise.all([...queues.values()].map((queue) => queue.close()));
        await http.close();
        logger.info("worker stopped");
      })();
      return closing;
    },
  };
}

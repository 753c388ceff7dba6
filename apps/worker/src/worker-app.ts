import { createWebhookAlertChannel } from "@routing/alert-channels";
import { createDecisionLog, createShadowStore } from "@routing/decision-log";
import { createHandoffSessions } from "@routing/handoff-sessions";
import { createHttpApp, type HttpServer, listen } from "@routing/http-kit";
import { QUEUES, type QueueName, RETENTION } from "@routing/jobs";
import { createRunStore } from "@routing/skill-adjustment-runs";
import { Queue, type Worker } from "bullmq";
import { createDecisionRecording } from "./decision-record/decision-recording.js";
import { createDecisionRecordMetrics } from "./decision-record/shadow-metrics.js";
import type { WorkerDependencies } from "./dependencies.js";
import { DISPATCH_TABLE, type DispatchTable } from "./dispatch.js";
import { workerHealthChecks } from "./http/health-checks.js";
import { createJobAttempts } from "./job-attempts.js";
import { createJobEnqueuer } from "./job-enqueuer.js";
import { createJobProcessor } from "./job-processor.js";
import { ensureLoopSchedulers } from "./loop-schedulers.js";
import { createWorkerMetrics } from "./metrics.js";
import { buildWorkerPolicy } from "./policy.js";
import { createQueueConfigurations } from "./queue-config/queue-configuration.js";
import { createQueueWorker, type StallSettings } from "./queue-worker.js";
import { createPageBudget, pagesPerRun } from "./roster/page-budget.js";
import { ensureRosterSchedulers } from "./roster/roster-schedulers.js";
import { createWorkerRoster } from "./roster/worker-roster.js";
import { ROUTES, type WorkerHttpServices } from "./routes.js";
import { createQueueServiceLevels } from "./service-level/queue-service-levels.js";
import { createAdjustmentLedger } from "./skill-adjustment/adjustment-ledger.js";
import { createWriteJournal } from "./write-journal.js";

export interface WorkerApp {
  /** Starts both queue workers and the metrics server; resolves once jobs are being taken. */
  start(): Promise<WorkerStarted>;
  /** Stops taking jobs, waits for the active ones, closes the queues and the metrics server. Idempotent. */
  close(): Promise<void>;
}

export interface WorkerStarted {
  /** The bound port of /metrics and /healthz (WORKER_METRICS_PORT=0 picks a free one). */
  readonly metricsPort: number;
  /** Where a local client reaches /metrics and /healthz, e.g. http://127.0.0.1:9102. */
  readonly metricsUrl: string;
  /** For the started line. */
  readonly details: Readonly<Record<string, unknown>>;
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
/**
 * How long a worker reuses a queue's service-level weights before reading them again (one Redis GET less per
 * decision on a busy queue): measurements come every few minutes, so a few seconds late is nothing.
 */
const SERVICE_LEVEL_REUSE_MS = 5_000;

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
  const nowMs = options.nowMs ?? Date.now;
  const roster = createWorkerRoster({
    redis,
    prefix,
    registry,
    rateLimit: config.genesysRateLimit,
    config: config.roster,
    now: nowMs,
  });
  const services = {
    genesys: dependencies.genesys.client,
    policy,
    handoffSessions: createHandoffSessions(redis, { keyPrefix: prefix, ttlMs: config.handoff.stateTtlMs }),
    alerts:
      config.alertWebhook === undefined
        ? undefined
        : createWebhookAlertChannel({
            url: config.alertWebhook.url,
            secret: config.alertWebhook.secret,
            timeoutMs: config.alertWebhook.timeoutMs,
            attempts: config.alertWebhook.attempts,
          }),
    adjustmentLedger: createAdjustmentLedger(redis, {
      keyPrefix: prefix,
      ttlMs: RETENTION.failedAgeSeconds * 1000,
    }),
    queueConfigurations: createQueueConfigurations(dependencies.genesys.client, {
      ttlMs: config.queueConfigurationTtlMs,
    }),
    metrics,
    jobs: createJobEnqueuer(queues),
    roster,
    csat: {
      windowMs: config.csat.windowMs,
      minResponses: config.csat.minResponses,
      budget: createPageBudget(
        redis,
        `${prefix}:worker:budget:csat`,
        pagesPerRun(config.csat.budgetShare, config.genesysRateLimit, config.csat.refreshIntervalMs),
        config.csat.refreshIntervalMs,
      ),
    },
    serviceLevel: {
      windowMs: config.serviceLevel.windowMs,
      budget: createPageBudget(
        redis,
        `${prefix}:worker:budget:service-level`,
        pagesPerRun(config.serviceLevel.budgetShare, config.genesysRateLimit, config.serviceLevel.intervalMs),
        config.serviceLevel.intervalMs,
      ),
    },
    serviceLevels: createQueueServiceLevels({
      redis,
      keyPrefix: prefix,
      // Five missed measurements and the queue's weights fall back to the base ones.
      ttlMs: config.serviceLevel.intervalMs * 5,
      baseWeights: policy.ranking.weights,
      // Measured every few minutes: decisions may see a new measurement a few seconds late.
      reuseMs: SERVICE_LEVEL_REUSE_MS,
      now: nowMs,
    }),
    adjustmentRuns: createRunStore(redis, { prefix, now: nowMs }),
    skillAdjustmentSchedule: {
      mode: config.skillAdjustmentSchedule.mode,
      windowMs: config.skillAdjustmentSchedule.windowMs,
    },
    nowMs,
  };

  const writeJournal = createWriteJournal({ redis, keyPrefix: prefix });
  const decisions = createDecisionRecording({
    log: createDecisionLog(redis, { prefix, ...config.decisionLog, now: nowMs }),
    shadowStore: createShadowStore(redis, { prefix }),
    shadowQueueIds: config.shadowQueueIds,
    metrics: createDecisionRecordMetrics(registry, config.shadowQueueIds),
    nowMs,
  });
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
      attempts: createJobAttempts(queue),
      decisions,
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

  const httpServices: WorkerHttpServices = { registry, healthChecks: workerHealthChecks(redis, workers) };
  const httpApp = createHttpApp({
    routes: ROUTES,
    services: httpServices,
    logger,
    registry,
    service: "worker",
  });
  let http: HttpServer | undefined;
  let closing: Promise<void> | undefined;

  return {
    async start() {
      for (const worker of workers) {
        worker
          .run()
          .catch((error: unknown) => logger.error({ err: error, queue: worker.name }, "worker stopped"));
        await worker.waitUntilReady();
      }
      const maintenance = queues.get(QUEUES.maintenance);
      if (maintenance !== undefined) await ensureRosterSchedulers(maintenance, config.roster, Date.now());
      if (maintenance !== undefined) await ensureLoopSchedulers(maintenance, config, Date.now());
      http = await listen(httpApp, { port: config.metrics.port, host: config.metrics.host });
      if (config.alertWebhook === undefined) {
        logger.warn(
          "WORKER_ALERT_WEBHOOK_URL is not set: supervisor alerts are counted and logged, not delivered",
        );
      } else if (config.alertWebhook.secretIsDevelopmentDefault) {
        logger.warn(
          { variable: "WORKER_ALERT_WEBHOOK_SECRET" },
          "alerts are signed with the documented development secret (refused in production)",
        );
      }
      return {
        metricsPort: http.port,
        metricsUrl: http.url,
        details: {
          queues: queueSettings,
          genesys: config.genesys.kind,
          rateLimit: config.genesysRateLimit,
          prefix,
          instance: dependencies.instanceName,
          shadowQueues: [...config.shadowQueueIds],
        },
      };
    },
    close() {
      closing ??= (async () => {
        // Workers first: worker.close() waits for the active jobs, which still need the queues' Redis.
        await Promise.all(workers.map((worker) => worker.close()));
        await Promise.all([...queues.values()].map((queue) => queue.close()));
        await http?.close();
      })();
      return closing;
    },
  };
}

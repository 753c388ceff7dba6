import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import {
  createGenesysRuntime,
  createLogger,
  createMetricsRegistry,
  type GenesysRuntime,
  genesysClientEventMetrics,
  genesysRequestMetrics,
  type Logger,
} from "@routing/service-kit";
import { Redis } from "ioredis";
import type { Registry } from "prom-client";
import type { WorkerConfig } from "./env.js";

/** The real things a worker app runs on, built from the configuration. */
export interface WorkerDependencies {
  readonly config: WorkerConfig;
  readonly logger: Logger;
  /** BullMQ, the handoff state, the adjustment ledger, the shared Genesys token and budget all use it. */
  readonly redis: Redis;
  readonly registry: Registry;
  /** The Genesys client under the deployment-wide rate budget, reporting every request and event to `registry`. */
  readonly genesys: GenesysRuntime;
  /** Names this process on jobs ("processed by") and on its Redis connection. */
  readonly instanceName: string;
}

export interface DependencyOptions {
  /** The process logger (runService builds it). Default: a new one writing to stdout. */
  readonly logger?: Logger;
}

export function createWorkerDependencies(
  config: WorkerConfig,
  options: DependencyOptions = {},
): WorkerDependencies {
  const instanceName = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const logger = options.logger ?? createLogger({ service: "worker", level: config.logLevel });
  // Named under the deployment prefix so that CLIENT LIST shows whose connection it is.
  const redis = new Redis(config.redisUrl, {
    maxRetriesPerRequest: null,
    connectionName: `${config.bullmqPrefix}:worker:${instanceName}`,
  });
  redis.on("error", (error) => logger.error({ err: error }, "Redis connection error"));
  const registry = createMetricsRegistry("worker");
  const genesys = createGenesysRuntime({
    target: config.genesys,
    redis,
    keyPrefix: config.bullmqPrefix,
    rateLimit: config.genesysRateLimit,
    ...config.genesysBudget,
    onRequest: genesysRequestMetrics(registry, { budget: config.genesysRateLimit }),
    onClientEvent: genesysClientEventMetrics(registry),
  });
  return { config, logger, redis, registry, genesys, instanceName };
}

/** Closes what `createWorkerDependencies` opened; call after the app has closed. */
export async function closeWorkerDependencies(dependencies: WorkerDependencies): Promise<void> {
  await dependencies.redis.quit().catch(() => dependencies.redis.disconnect());
}

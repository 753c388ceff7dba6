import {
  createGenesysRuntime,
  createLogger,
  createMetricsRegistry,
  genesysRequestMetrics,
  handleShutdown,
} from "@routing/service-kit";
import { type IngesterConfig, readIngesterEnv } from "./env.js";
import { createIngester } from "./ingester.js";
import { createRedisConnections } from "./redis-connections.js";

let config: IngesterConfig;
try {
  config = readIngesterEnv();
} catch (error) {
  console.error(`ingester: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const logger = createLogger({ service: "ingester", level: config.logLevel });
if (config.webhookSecretIsDevelopmentDefault) {
  logger.warn(
    { variable: "MESSAGING_WEBHOOK_SECRET" },
    "MESSAGING_WEBHOOK_SECRET is not set: using the documented development secret (refused in production)",
  );
}
logger.info(
  { genesys: config.genesys.kind, queues: config.queueIds?.length ?? "all", prefix: config.bullmqPrefix },
  "ingester starting",
);

const registry = createMetricsRegistry("ingester");
const redis = createRedisConnections(config.redisUrl, config.bullmqPrefix, logger);

const runtime = createGenesysRuntime({
  target: config.genesys,
  redis: redis.genesys,
  keyPrefix: config.bullmqPrefix,
  rateLimit: config.genesysRateLimit,
  onRequest: genesysRequestMetrics(registry),
});

const ingester = createIngester({
  genesys: runtime.client,
  queueConnection: redis.queues,
  bullmqPrefix: config.bullmqPrefix,
  logger,
  registry,
  webhookSecret: config.webhookSecret,
  port: config.port,
  queueIds: config.queueIds,
  tuning: config.tuning,
});

let startFailed = false;
const shutdown = handleShutdown(
  [
    { name: "ingester (notification stream, HTTP server, queues)", close: () => ingester.close() },
    { name: "redis", close: () => redis.close() },
  ],
  logger,
  { exit: (code) => process.exit(startFailed ? 1 : code) },
);

try {
  await ingester.start();
  logger.info({ port: ingester.port(), topics: ingester.topics().length }, "ingester running");
} catch (error) {
  if (ingester.state() !== "closing" && ingester.state() !== "closed") {
    startFailed = true;
    logger.fatal(
      { error: error instanceof Error ? error.message : String(error) },
      "ingester failed to start",
    );
    await shutdown("start-failed");
  }
}

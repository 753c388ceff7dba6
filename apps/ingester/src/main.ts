import { createRosterStore, rosterKeyPrefix } from "@routing/roster";
import {
  createGenesysRuntime,
  createMetricsRegistry,
  genesysClientEventMetrics,
  genesysRequestMetrics,
  runService,
} from "@routing/service-kit";
import { readIngesterEnv } from "./env.js";
import { createIngester } from "./ingester.js";
import { createRedisConnections } from "./redis-connections.js";

await runService({
  name: "ingester",
  readConfig: readIngesterEnv,
  async start({ config, logger, onStop, signal }) {
    if (config.webhookSecretIsDevelopmentDefault) {
      logger.warn(
        { variable: "MESSAGING_WEBHOOK_SECRET" },
        "MESSAGING_WEBHOOK_SECRET is not set: using the documented development secret (refused in production)",
      );
    }
    if (config.botConnector === undefined) {
      logger.info("Bot Connector not served: set BOT_CONNECTOR_NLU_URL to serve /botconnector");
    } else if (config.botConnectorSecretIsDevelopmentDefault) {
      logger.warn(
        { variable: "BOT_CONNECTOR_SECRET" },
        "BOT_CONNECTOR_SECRET is not set: using the documented development secret (refused in production)",
      );
    }
    const registry = createMetricsRegistry("ingester");
    const redis = createRedisConnections(config.redisUrl, config.bullmqPrefix, logger);
    onStop("redis", () => redis.close());
    const runtime = createGenesysRuntime({
      target: config.genesys,
      redis: redis.genesys,
      keyPrefix: config.bullmqPrefix,
      rateLimit: config.genesysRateLimit,
      ...config.genesysBudget,
      onRequest: genesysRequestMetrics(registry, { budget: config.genesysRateLimit }),
      onClientEvent: genesysClientEventMetrics(registry),
    });
    const ingester = createIngester({
      genesys: runtime.client,
      queueConnection: redis.queues,
      bullmqPrefix: config.bullmqPrefix,
      logger,
      registry,
      webhookSecret: config.webhookSecret,
      botConnector: config.botConnector,
      port: config.port,
      queueIds: config.queueIds,
      tuning: config.tuning,
      ...(config.roster.enabled
        ? {
            roster: {
              // Writes that fail while Redis is away are retried by the ingester, as its job adds are.
              store: createRosterStore(redis.queues, {
                keyPrefix: rosterKeyPrefix(config.bullmqPrefix),
                maxConfirmedAgeMs: config.roster.maxConfirmedAgeMs,
                skillsTtlMs: config.roster.skillsTtlMs,
              }),
              replicas: config.roster.replicas,
            },
          }
        : {}),
    });
    // Closes before Redis: events already received still get their chance to be enqueued.
    onStop("ingester (notification stream, HTTP server, queues)", () => ingester.close());
    // A stop while subscribing ends the subscribing (start() would otherwise wait for every channel).
    signal.addEventListener("abort", () => void ingester.close(), { once: true });
    await ingester.start();
    const url = `http://127.0.0.1:${ingester.port()}`;
    return {
      urls: {
        webhook: `${url}/webhooks/messaging`,
        ...(config.botConnector === undefined ? {} : { botConnector: `${url}/botconnector` }),
        metrics: `${url}/metrics`,
        health: `${url}/healthz`,
      },
      details: {
        genesys: config.genesys.kind,
        queues: config.queueIds?.length ?? "all",
        topics: ingester.topics().length,
        prefix: config.bullmqPrefix,
        roster: config.roster.enabled,
        replicas: config.roster.replicas,
      },
    };
  },
});

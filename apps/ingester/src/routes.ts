import {
  endpoint,
  type HealthCheck,
  healthRoute,
  metricsRoute,
  type Route,
  rawBody,
} from "@routing/http-kit";
import type { Logger } from "@routing/service-kit";
import type { Registry } from "prom-client";
import type { BotConnector } from "./bot-connector/bot-connector.js";
import { botConnectorRoutes } from "./bot-connector/bot-connector-routes.js";
import { createMessagingWebhookHandler } from "./handlers/messaging-webhook.js";
import type { IngesterMetrics } from "./metrics.js";
import type { RetryingEnqueue } from "./retrying-enqueue.js";

export interface RouteDependencies {
  readonly registry: Registry;
  readonly metrics: IngesterMetrics;
  readonly logger: Logger;
  readonly healthChecks: readonly HealthCheck[];
  readonly webhookSecret: string;
  readonly enqueue: RetryingEnqueue;
  readonly stopSignal: AbortSignal;
  readonly webhookEnqueueDeadlineMs: number;
  readonly webhookBodyLimitBytes: number;
  readonly now: () => number;
  /** The Genesys Digital Bot Connector endpoint, when configured (bot-connector/). */
  readonly botConnector?: BotConnector | undefined;
}

/** The ingester's whole HTTP surface (on INGESTER_PORT). Handlers close over their dependencies. */
export function createRoutes(deps: RouteDependencies): readonly Route<undefined>[] {
  return [
    healthRoute(() => deps.healthChecks, {
      summary: "Health: every notification channel open; Redis answers a PING (both critical)",
    }),
    metricsRoute(() => deps.registry, {
      summary: "Prometheus metrics: ingester_*, genesys_*, HTTP and Node series",
    }),
    endpoint({
      method: "POST",
      path: "/webhooks/messaging",
      // X-Signature-256: an HMAC over the exact bytes, checked by the handler before it parses them.
      auth: "handler",
      body: rawBody({ limitBytes: deps.webhookBodyLimitBytes }),
      summary: "A signed bot turn -> handoff.turn job (202 { jobId, duplicate })",
      handler: createMessagingWebhookHandler({
        secret: deps.webhookSecret,
        enqueue: deps.enqueue,
        stopSignal: deps.stopSignal,
        enqueueDeadlineMs: deps.webhookEnqueueDeadlineMs,
        metrics: deps.metrics,
        logger: deps.logger,
        now: deps.now,
      }),
    }),
    ...(deps.botConnector === undefined ? [] : botConnectorRoutes<undefined>(deps.botConnector)),
  ];
}

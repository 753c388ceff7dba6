import type { Logger } from "@routing/service-kit";
import type { Registry } from "prom-client";
import { createHealthzHandler, type StreamHealth } from "./handlers/healthz.js";
import { createMessagingWebhookHandler } from "./handlers/messaging-webhook.js";
import { createMetricsHandler } from "./handlers/metrics.js";
import type { Route } from "./http/route.js";
import type { IngesterMetrics } from "./metrics.js";
import type { RetryingEnqueue } from "./retrying-enqueue.js";

export interface RouteDependencies {
  readonly registry: Registry;
  readonly metrics: IngesterMetrics;
  readonly logger: Logger;
  readonly health: () => Promise<StreamHealth>;
  readonly webhookSecret: string;
  readonly enqueue: RetryingEnqueue;
  readonly stopSignal: AbortSignal;
  readonly webhookEnqueueDeadlineMs: number;
  readonly now: () => number;
}

/** The ingester's whole HTTP surface. */
export function createRoutes(deps: RouteDependencies): readonly Route[] {
  return [
    { method: "GET", path: "/healthz", handler: createHealthzHandler(deps.health) },
    { method: "GET", path: "/metrics", handler: createMetricsHandler(deps.registry) },
    {
      method: "POST",
      path: "/webhooks/messaging",
      body: "raw",
      handler: createMessagingWebhookHandler({
        secret: deps.webhookSecret,
        enqueue: deps.enqueue,
        stopSignal: deps.stopSignal,
        enqueueDeadlineMs: deps.webhookEnqueueDeadlineMs,
        metrics: deps.metrics,
        logger: deps.logger,
        now: deps.now,
      }),
    },
  ];
}

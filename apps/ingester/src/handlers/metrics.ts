import type { Registry } from "prom-client";
import type { HttpResult } from "../http/http-result.js";
import type { Handler } from "../http/route.js";

/** Prometheus scrape: collecting also reads the notification stream's counters (see metrics.ts). */
export function createMetricsHandler(registry: Registry): Handler {
  return async (): Promise<HttpResult> => ({
    status: 200,
    body: await registry.metrics(),
    contentType: registry.contentType,
  });
}

import { Counter, Histogram, type Registry } from "prom-client";

/** The route label of requests no route matched (404s): bounded, never the requested path. */
export const UNMATCHED_ROUTE = "unmatched";

export interface HttpMetrics {
  readonly requests: Counter<"method" | "route" | "status">;
  readonly duration: Histogram<"method" | "route">;
}

/**
 * `{service}_http_requests_total{method,route,status}` and `{service}_http_request_duration_seconds{method,
 * route}`. The route label is the route TEMPLATE (`/api/simulations/:id`, `/admin/queues/*`), never a
 * concrete path: bounded cardinality whatever callers send.
 */
export function createHttpMetrics(registry: Registry, service: string): HttpMetrics {
  return {
    requests: new Counter({
      name: `${service}_http_requests_total`,
      help: "HTTP requests answered, by method, route template and status",
      labelNames: ["method", "route", "status"] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: `${service}_http_request_duration_seconds`,
      help: "Time to answer an HTTP request, by method and route template",
      labelNames: ["method", "route"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

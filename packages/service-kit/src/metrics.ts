import type { RequestObserver } from "@routing/genesys-client";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** A registry per process with Node's default metrics and the service name on every series. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * Turns the Genesys client's per-request observer into Prometheus series. Labels are the method, the path
 * TEMPLATE (never concrete ids: bounded cardinality) and the status, so Grafana can show request rates,
 * latency, 429s and the remaining budget Genesys reports.
 */
export function genesysRequestMetrics(registry: Registry): RequestObserver {
  const requests = new Counter({
    name: "genesys_requests_total",
    help: "HTTP attempts to Genesys (retries included), by method, path template and status (0 = no response)",
    labelNames: ["method", "path", "status"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "genesys_request_duration_seconds",
    help: "Time on the wire per Genesys HTTP attempt",
    labelNames: ["method", "path"] as const,
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: "genesys_rate_limited_total",
    help: "429 answers from Genesys (each one pauses every worker)",
    labelNames: ["path"] as const,
    registers: [registry],
  });
  const remaining = new Gauge({
    name: "genesys_ratelimit_remaining",
    help: "inin-ratelimit-allowed minus inin-ratelimit-count on the latest response that carried them",
    registers: [registry],
  });
  return (event) => {
    const status = String(event.status);
    requests.inc({ method: event.method, path: event.pathTemplate, status });
    duration.observe({ method: event.method, path: event.pathTemplate }, event.durationMs / 1000);
    if (event.status === 429) rateLimited.inc({ path: event.pathTemplate });
    const { allowed, count } = event.rateLimit ?? {};
    if (allowed !== undefined && count !== undefined) remaining.set(allowed - count);
  };
}

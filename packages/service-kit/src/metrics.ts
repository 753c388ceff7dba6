import type { ClientEventObserver, RequestObserver } from "@routing/genesys-client";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** A registry per process with Node's default metrics and the service name on every series. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** The login host's token path: token requests are not counted by the per-token API budget. */
const TOKEN_PATH = "/oauth/token";

export interface GenesysRequestMetricsOptions {
  /**
   * The shared rate budget every process of the deployment uses (GENESYS_RATE_LIMIT requests in any
   * GENESYS_RATE_WINDOW_MS). When given, `genesys_budget_limit`, `genesys_budget_window_seconds` and
   * `genesys_budget_used` are exported, so `sum(genesys_budget_used) / max(genesys_budget_limit)` is the
   * share of the budget the whole deployment used in the last window.
   * @defaultValue no budget series
   */
  readonly budget?: { readonly limit: number; readonly windowMs: number };
  /** Clock in epoch milliseconds, for tests. @defaultValue `Date.now` */
  readonly now?: () => number;
}

/**
 * Turns the Genesys client's per-request observer into Prometheus series. Labels are the method, the path
 * TEMPLATE (never concrete ids: bounded cardinality) and the status, so Grafana can show request rates,
 * latency, 429s and the remaining budget Genesys reports.
 */
export function genesysRequestMetrics(
  registry: Registry,
  options: GenesysRequestMetricsOptions = {},
): RequestObserver {
  const requests = new Counter({
    name: "genesys_requests_total",
    help: "HTTP attempts to Genesys (retries included), by method, path template, status (0 = no response) and budget lane (token: token requests)",
    labelNames: ["method", "path", "status", "lane"] as const,
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
  const countGrant =
    options.budget === undefined
      ? undefined
      : budgetUseGauges(registry, options.budget, options.now ?? Date.now);
  // A path's 429 counter starts at 0 on the first request to it, so the first 429 after that is an
  // increase Prometheus can see (paths are templates, not a list we know up front).
  const knownPaths = new Set<string>();
  return (event) => {
    if (event.pathTemplate !== TOKEN_PATH) countGrant?.();
    const status = String(event.status);
    requests.inc({ method: event.method, path: event.pathTemplate, status, lane: event.lane ?? "token" });
    duration.observe({ method: event.method, path: event.pathTemplate }, event.durationMs / 1000);
    if (!knownPaths.has(event.pathTemplate)) {
      knownPaths.add(event.pathTemplate);
      rateLimited.inc({ path: event.pathTemplate }, 0);
    }
    if (event.status === 429) rateLimited.inc({ path: event.pathTemplate });
    const { allowed, count } = event.rateLimit ?? {};
    if (allowed !== undefined && count !== undefined) remaining.set(allowed - count);
  };
}

/**
 * The budget as series. `genesys_budget_used` counts this process's API requests (every attempt, as the
 * budget does; token requests excluded) in the sliding window that ends at the scrape: summed over the
 * processes that share the budget it is the budget's own fill level, without reading Redis.
 */
function budgetUseGauges(
  registry: Registry,
  budget: { readonly limit: number; readonly windowMs: number },
  now: () => number,
): () => void {
  const { limit, windowMs } = budget;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError("budget.limit must be a positive integer");
  if (!Number.isFinite(windowMs) || windowMs <= 0) throw new RangeError("budget.windowMs must be positive");
  // Request times in ascending order; the shared budget keeps every window at or under `limit`, so this
  // holds at most that many (plus the ones a scrape has not pruned yet).
  const sent: number[] = [];
  const forgetExpired = (at: number) => {
    let expired = 0;
    while (expired < sent.length && (sent[expired] ?? at) <= at - windowMs) expired++;
    if (expired > 0) sent.splice(0, expired);
  };
  new Gauge({
    name: "genesys_budget_limit",
    help: "Genesys requests the deployment's shared budget allows in any window of genesys_budget_window_seconds",
    registers: [registry],
  }).set(limit);
  new Gauge({
    name: "genesys_budget_window_seconds",
    help: "Length of the shared budget's sliding window",
    registers: [registry],
  }).set(windowMs / 1000);
  new Gauge({
    name: "genesys_budget_used",
    help: "Genesys API requests this process sent in the last budget window (sum over processes / genesys_budget_limit = budget use)",
    registers: [registry],
    collect() {
      forgetExpired(now());
      this.set(sent.length);
    },
  });
  return () => {
    const at = now();
    sent.push(at);
    if (sent.length > limit) forgetExpired(at);
  };
}

/**
 * Turns the Genesys client's resilience events into Prometheus series: circuit breakers (state per endpoint,
 * transitions, calls failed fast), retries given up for lack of budget, and tokens replaced before sending or
 * after a 401. Labels are method, path TEMPLATE, lane and fixed reasons: bounded cardinality.
 */
export function genesysClientEventMetrics(registry: Registry): ClientEventObserver {
  const circuitOpen = new Gauge({
    name: "genesys_circuit_open",
    help: "1 while the circuit of a Genesys endpoint (method + path template) is open or half-open, else 0",
    labelNames: ["method", "path"] as const,
    registers: [registry],
  });
  const transitions = new Counter({
    name: "genesys_circuit_transitions_total",
    help: "Circuit breaker state changes per Genesys endpoint",
    labelNames: ["method", "path", "state"] as const,
    registers: [registry],
  });
  const rejected = new Counter({
    name: "genesys_circuit_rejections_total",
    help: "Calls failed fast (no request) because their endpoint's circuit was open",
    labelNames: ["method", "path", "lane"] as const,
    registers: [registry],
  });
  const retriesSkipped = new Counter({
    name: "genesys_retries_skipped_total",
    help: "Failed attempts not retried in-process (no budget room in the lane, or the circuit opened)",
    labelNames: ["method", "path", "lane", "reason"] as const,
    registers: [registry],
  });
  const tokens = new Counter({
    name: "genesys_token_replacements_total",
    help: "Requests that switched to a new token: before sending (expiring) or after a 401 (rejected)",
    labelNames: ["lane", "reason"] as const,
    registers: [registry],
  });
  const tokenRejections = new Counter({
    name: "genesys_token_rejections_total",
    help: "Calls that kept getting 401 with new tokens (GenesysTokenRejectedError, retried by the queue)",
    labelNames: ["method", "path"] as const,
    registers: [registry],
  });
  return (event) => {
    switch (event.kind) {
      case "circuit-opened":
      case "circuit-half-open":
      case "circuit-closed": {
        const state = event.kind.slice("circuit-".length);
        transitions.inc({ method: event.method, path: event.pathTemplate, state });
        circuitOpen.set({ method: event.method, path: event.pathTemplate }, state === "closed" ? 0 : 1);
        return;
      }
      case "circuit-rejected":
        rejected.inc({ method: event.method, path: event.pathTemplate, lane: event.lane });
        return;
      case "retry-skipped":
        retriesSkipped.inc({
          method: event.method,
          path: event.pathTemplate,
          lane: event.lane,
          reason: event.reason,
        });
        return;
      case "token-replaced":
        tokens.inc({ lane: event.lane, reason: event.reason });
        return;
      case "token-rejected":
        tokenRejections.inc({ method: event.method, path: event.pathTemplate });
        return;
    }
  };
}

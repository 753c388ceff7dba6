import {
  GENESYS_ENDPOINTS,
  OBSERVED_LIMIT_TTL_WINDOWS,
  REQUEST_LANES,
  type RequestObserver,
} from "@routing/genesys-client";
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

/** The `lane` label: the client's budget lanes, and `token` for token requests (no lane, no budget). */
const LANE_LABELS = [...REQUEST_LANES, "token"] as const;

/** What an attempt's status says, as a closed label set (the raw status stays on genesys_requests_total). */
const REQUEST_RESULTS = [
  "success",
  "client-error",
  "unauthorized",
  "rate-limited",
  "server-error",
  "no-response",
] as const;

function requestResult(status: number): (typeof REQUEST_RESULTS)[number] {
  if (status === 0) return "no-response";
  if (status === 401) return "unauthorized";
  if (status === 429) return "rate-limited";
  if (status >= 500) return "server-error";
  if (status >= 400) return "client-error";
  return "success";
}

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
 * latency, 429s and the remaining budget Genesys reports. The series with closed label sets (lane, result,
 * the client's endpoints) start at 0, so the first 429, retry or failed token request is an increase
 * Prometheus can see.
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
  const allowedSeen = new Gauge({
    name: "genesys_ratelimit_allowed",
    help: "inin-ratelimit-allowed on the latest response that carried it (the limit Genesys applies to this token's bucket; 0 until seen)",
    registers: [registry],
  });
  const byLane = new Counter({
    name: "genesys_lane_requests_total",
    help: "HTTP attempts to Genesys by budget lane (token: token requests) and result (success, client-error, unauthorized = 401, rate-limited = 429, server-error, no-response)",
    labelNames: ["lane", "result"] as const,
    registers: [registry],
  });
  const retries = new Counter({
    name: "genesys_retries_total",
    help: "Attempts after the first of a call (in-process retries and replays after a 401), by budget lane",
    labelNames: ["lane"] as const,
    registers: [registry],
  });
  const tokenRequests = new Counter({
    name: "genesys_token_requests_total",
    help: "Token requests to the login host (new tokens: refreshes and replacements), by result",
    labelNames: ["result"] as const,
    registers: [registry],
  });
  for (const lane of LANE_LABELS) {
    retries.inc({ lane }, 0);
    for (const result of REQUEST_RESULTS) byLane.inc({ lane, result }, 0);
  }
  for (const result of ["success", "failure"]) tokenRequests.inc({ result }, 0);
  for (const path of new Set([...GENESYS_ENDPOINTS.map((endpoint) => endpoint.pathTemplate), TOKEN_PATH]))
    rateLimited.inc({ path }, 0);
  const now = options.now ?? Date.now;
  const budget = options.budget === undefined ? undefined : budgetGauges(registry, options.budget, now);
  return (event) => {
    const lane = event.lane ?? "token";
    const result = requestResult(event.status);
    if (event.pathTemplate === TOKEN_PATH) {
      tokenRequests.inc({ result: result === "success" ? "success" : "failure" });
    } else {
      budget?.countGrant();
    }
    requests.inc({ method: event.method, path: event.pathTemplate, status: String(event.status), lane });
    byLane.inc({ lane, result });
    if (event.attempt > 1) retries.inc({ lane });
    duration.observe({ method: event.method, path: event.pathTemplate }, event.durationMs / 1000);
    if (event.status === 429) rateLimited.inc({ path: event.pathTemplate });
    const { allowed, count } = event.rateLimit ?? {};
    if (allowed !== undefined) {
      allowedSeen.set(allowed);
      budget?.observeAllowed(allowed);
    }
    if (allowed !== undefined && count !== undefined) remaining.set(allowed - count);
  };
}

/**
 * The budget as series. `genesys_budget_used` counts this process's API requests (every attempt, as the
 * budget does; token requests excluded) in the sliding window that ends at the scrape: summed over the
 * processes that share the budget it is the budget's own fill level, without reading Redis.
 * `genesys_budget_effective_limit` is what the budget grants per window: the configured limit, or the
 * lowest `inin-ratelimit-allowed` seen within the budget's memory of it (OBSERVED_LIMIT_TTL_WINDOWS
 * windows) when that is lower, as this process saw it.
 */
function budgetGauges(
  registry: Registry,
  budget: { readonly limit: number; readonly windowMs: number },
  now: () => number,
): { countGrant(): void; observeAllowed(allowed: number): void } {
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
  // Sliding minimum of the observed limits: times ascending, limits strictly ascending, so the first
  // entry young enough is the lowest limit still remembered.
  const observedTtlMs = OBSERVED_LIMIT_TTL_WINDOWS * windowMs;
  const observed: { at: number; allowed: number }[] = [];
  new Gauge({
    name: "genesys_budget_effective_limit",
    help: "Requests per window the shared budget grants: genesys_budget_limit, or the lowest inin-ratelimit-allowed seen in the last 10 windows when lower",
    registers: [registry],
    collect() {
      const at = now();
      while (observed.length > 0 && (observed[0]?.at ?? at) <= at - observedTtlMs) observed.shift();
      this.set(Math.min(limit, observed[0]?.allowed ?? limit));
    },
  });
  return {
    countGrant() {
      const at = now();
      sent.push(at);
      if (sent.length > limit) forgetExpired(at);
    },
    observeAllowed(allowed) {
      if (!Number.isFinite(allowed) || allowed < 1) return;
      while (observed.length > 0 && (observed[observed.length - 1]?.allowed ?? 0) >= allowed) observed.pop();
      observed.push({ at: now(), allowed });
    },
  };
}

import { Counter, Gauge, Histogram, type Registry } from "prom-client";

/**
 * The dashboard's own series. Labels are bounded: route TEMPLATES (never concrete ids), job names from the
 * catalog, fixed outcome words. Nothing a caller sends (usernames, passwords, bodies) becomes a label.
 */
export interface DashboardMetrics {
  readonly httpRequests: Counter<"method" | "route" | "status">;
  readonly httpDuration: Histogram<"method" | "route">;
  readonly loginFailures: Counter<"reason">;
  readonly simulations: Counter<"outcome">;
  readonly simulationsRunning: Gauge;
  readonly jobsEnqueued: Counter<"job_name" | "duplicate">;
}

export function createDashboardMetrics(registry: Registry): DashboardMetrics {
  return {
    httpRequests: new Counter({
      name: "dashboard_http_requests_total",
      help: "HTTP requests answered, by method, route template and status",
      labelNames: ["method", "route", "status"] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "dashboard_http_request_duration_seconds",
      help: "Time to answer an HTTP request, by method and route template",
      labelNames: ["method", "route"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    loginFailures: new Counter({
      name: "dashboard_login_failures_total",
      help: "Requests refused by Basic auth: missing, malformed or mismatching credentials",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
    simulations: new Counter({
      name: "dashboard_simulations_total",
      help: "Simulation runs by outcome: completed, failed, interrupted (shutdown), rejected (busy, 429)",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    simulationsRunning: new Gauge({
      name: "dashboard_simulations_running",
      help: "Simulations running in this dashboard process",
      registers: [registry],
    }),
    jobsEnqueued: new Counter({
      name: "dashboard_jobs_enqueued_total",
      help: "Catalog jobs enqueued by hand through POST /api/jobs/:name (duplicate = the job id existed)",
      // job_name, not job: Prometheus sets `job` on every scraped series (the scrape job).
      labelNames: ["job_name", "duplicate"] as const,
      registers: [registry],
    }),
  };
}

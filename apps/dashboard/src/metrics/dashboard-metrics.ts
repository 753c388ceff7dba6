import { Counter, Gauge, type Registry } from "prom-client";

/**
 * The dashboard's own series (the HTTP request series come from the kit). Labels are bounded: job names
 * from the catalog, fixed outcome words. Nothing a caller sends (usernames, passwords, bodies) becomes a label.
 */
export interface DashboardMetrics {
  readonly loginFailures: Counter<"reason">;
  readonly simulations: Counter<"outcome">;
  readonly simulationsRunning: Gauge;
  readonly jobsEnqueued: Counter<"job_name" | "duplicate">;
}

export function createDashboardMetrics(registry: Registry): DashboardMetrics {
  return {
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

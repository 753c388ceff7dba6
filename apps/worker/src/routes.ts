import { type HealthCheck, healthRoute, metricsRoute, type Route } from "@routing/http-kit";
import type { Registry } from "prom-client";

/** What the worker's HTTP handlers read. */
export interface WorkerHttpServices {
  readonly registry: Registry;
  readonly healthChecks: readonly HealthCheck[];
}

/** The worker's whole HTTP surface (on WORKER_METRICS_PORT). */
export const ROUTES: readonly Route<WorkerHttpServices>[] = [
  metricsRoute((services: WorkerHttpServices) => services.registry, {
    summary: "Prometheus metrics: worker_*, genesys_*, HTTP and Node series",
  }),
  healthRoute((services: WorkerHttpServices) => services.healthChecks, {
    summary: "Health: Redis answers a PING, each queue worker runs (200 / 503)",
  }),
];

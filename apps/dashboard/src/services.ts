import type { DecisionLog, ShadowStore } from "@routing/decision-log";
import type { HealthCheck } from "@routing/http-kit";
import type { RunStore } from "@routing/skill-adjustment-runs";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { DashboardMetrics } from "./metrics/dashboard-metrics.js";
import type { CatalogQueues } from "./queues/catalog-queues.js";
import type { SimulationLimits } from "./simulations/simulation-plan.js";
import type { SimulationService } from "./simulations/simulation-service.js";

/** What handlers work with; built once by createDashboard and passed to every handler. */
export interface DashboardServices {
  readonly queues: CatalogQueues;
  readonly simulations: SimulationService;
  /** Skill adjustment runs the worker proposed or wrote (`@routing/skill-adjustment-runs`). */
  readonly adjustmentRuns: RunStore;
  readonly simulationLimits: SimulationLimits;
  /** Largest POST /api/simulations body (DASHBOARD_MAX_SIMULATION_BODY_MB). */
  readonly simulationBodyBytes: number;
  /** The workers' decision records (read only here). */
  readonly decisions: DecisionLog;
  /** Shadow mode's per-queue comparison counters (read only here). */
  readonly shadow: ShadowStore;
  readonly registry: Registry;
  readonly healthChecks: readonly HealthCheck[];
  readonly metrics: DashboardMetrics;
  readonly logger: Logger;
  /** Epoch ms; the QA scoring endpoint's default decision time. */
  readonly now: () => number;
}

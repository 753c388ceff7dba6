import type { DecisionLog, ShadowStore } from "@routing/decision-log";
import type { Credentials, HealthCheck } from "@routing/http-kit";
import type { RosterStore } from "@routing/roster";
import type { RunStore } from "@routing/skill-adjustment-runs";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { TrustedProxies } from "./auth/client-address.js";
import type { LoginThrottle } from "./auth/login-throttle.js";
import type { SessionCodec } from "./auth/session-cookie.js";
import type { SessionRevocations } from "./auth/session-revocations.js";
import type { ConsoleAssets } from "./console/console-assets.js";
import type { DashboardMetrics } from "./metrics/dashboard-metrics.js";
import type { OverviewSources } from "./overview/read-overview.js";
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
  /** The live roster the ingesters and workers keep (`@routing/roster`; read only here). */
  readonly roster: RosterStore;
  readonly registry: Registry;
  readonly healthChecks: readonly HealthCheck[];
  readonly metrics: DashboardMetrics;
  readonly logger: Logger;
  /** Epoch ms; the QA scoring endpoint's default decision time. */
  readonly now: () => number;
  /** The login form's: the expected credentials, the session cookie, logged-out sessions, the throttle. */
  readonly auth: {
    readonly credentials: Credentials;
    readonly sessions: SessionCodec;
    readonly revocations: SessionRevocations;
    readonly throttle: LoginThrottle;
    /** DASHBOARD_TRUSTED_PROXIES: whose X-Forwarded-For names the caller (the throttle counts per caller). */
    readonly trustedProxies: TrustedProxies;
  };
  /** The built console (apps/dashboard/ui). */
  readonly console: ConsoleAssets;
  /** GRAFANA_URL: linked from the console when set. */
  readonly grafanaUrl: string | undefined;
  /** What GET /api/overview reads (the queues and the clock come from the fields above). */
  readonly overview: Omit<OverviewSources, "queues" | "now">;
}

import { createDecisionLog, createShadowStore } from "@routing/decision-log";
import {
  basicAuth,
  type Credentials,
  createHttpApp,
  type ExpressHandler,
  type HttpServer,
  listen,
  redisHealthCheck,
} from "@routing/http-kit";
import { createRosterStore, type RosterOptions, rosterKeyPrefix } from "@routing/roster";
import { createMetricsRegistry } from "@routing/service-kit";
import { createRunStore } from "@routing/skill-adjustment-runs";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import { createTrustedProxies } from "./auth/client-address.js";
import { dashboardAuthenticator } from "./auth/dashboard-auth.js";
import { createLoginThrottle, type LoginThrottleSettings } from "./auth/login-throttle.js";
import {
  createSessionCodec,
  DEVELOPMENT_SESSION_SECRET,
  type SessionSettings,
} from "./auth/session-cookie.js";
import { createSessionRevocations } from "./auth/session-revocations.js";
import { DEFAULT_CONSOLE_DIRECTORY, loadConsoleAssets } from "./console/console-assets.js";
import { mapDashboardError } from "./http/error-mapping.js";
import { createDashboardMetrics } from "./metrics/dashboard-metrics.js";
import { registerQueueMetrics } from "./metrics/queue-metrics.js";
import { openCatalogQueues } from "./queues/catalog-queues.js";
import { createQueueErrorLog } from "./queues/queue-error-log.js";
import { ROUTES } from "./routes.js";
import type { DashboardServices } from "./services.js";
import { createSimulationService } from "./simulations/simulation-service.js";
import { createSimulationStore } from "./simulations/simulation-store.js";

/** The decision log's longest TTL (90 days). */
const MAX_DECISION_LOG_TTL_SECONDS = 90 * 86_400;

export interface SimulationSettings {
  /** DASHBOARD_MAX_SIMULATION_INTERACTIONS */
  readonly maxInteractions: number;
  /** DASHBOARD_SIMULATION_CONCURRENCY: runs at once in this process. */
  readonly concurrency: number;
  /** DASHBOARD_MAX_SIMULATION_BODY_MB, in bytes. */
  readonly maxBodyBytes: number;
  /** DASHBOARD_SIMULATION_TTL_SECONDS */
  readonly ttlSeconds: number;
}

export interface DashboardDependencies {
  /**
   * Used by the queues, the simulation store and /healthz. Owned by the caller, who closes it after
   * `close()`: the dashboard never quits a connection it did not open.
   */
  readonly connection: Redis;
  /** BULLMQ_PREFIX: the queues' prefix, and the root of the dashboard's own keys. */
  readonly prefix: string;
  readonly credentials: Credentials;
  readonly logger: Logger;
  readonly simulations: SimulationSettings;
  /** Default `Date.now`. */
  readonly now?: () => number;
  /**
   * The login form's session cookie. Default: the development secret (DEVELOPMENT_SESSION_SECRET), 12 h,
   * not `Secure`; main.ts always passes the env's (production refuses the development secret).
   */
  readonly session?: SessionSettings;
  /** Failed logins per address. Default: 10 per 15 minutes. */
  readonly loginThrottle?: LoginThrottleSettings;
  /**
   * DASHBOARD_TRUSTED_PROXIES: IPs and CIDRs of the proxies whose X-Forwarded-For names the caller.
   * Default: none (the socket's peer is the caller).
   */
  readonly trustedProxies?: readonly string[];
  /** GRAFANA_URL, linked from the console. */
  readonly grafanaUrl?: string | undefined;
  /** GENESYS_RATE_LIMIT / GENESYS_RATE_WINDOW_MS, for the overview's budget use. Default 300 per 60 s. */
  readonly genesysBudget?: { readonly limit: number; readonly windowMs: number };
  /** The built console. Default: apps/dashboard/ui/dist. */
  readonly consoleDirectory?: string;
  /**
   * How the roster judges staleness and skills expiry (the workers' ROSTER_MAX_AGE_SECONDS and
   * ROSTER_SKILLS_TTL_SECONDS). Default: the roster's own defaults (30 min, 1 h).
   */
  readonly roster?: Pick<RosterOptions, "maxConfirmedAgeMs" | "skillsTtlMs">;
}

const DEFAULT_SESSION: SessionSettings = {
  secret: DEVELOPMENT_SESSION_SECRET,
  ttlSeconds: 12 * 60 * 60,
  secureCookie: false,
};
const DEFAULT_LOGIN_THROTTLE: LoginThrottleSettings = { maxFailures: 10, windowSeconds: 15 * 60 };
const DEFAULT_GENESYS_BUDGET = { limit: 300, windowMs: 60_000 };

export interface Dashboard {
  readonly app: ExpressHandler;
  readonly registry: Registry;
  /** Starts the HTTP server (port 0 = any free port) and resolves with where it listens. */
  listen(port: number, host?: string): Promise<{ readonly port: number; readonly url: string }>;
  /**
   * In order: stop accepting HTTP (requests in flight get 5 s), interrupt the running simulations (each
   * recorded as failed, "interrupted by shutdown"), close the queues. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * The console (login form, UI), Bull Board and the simulation/QA API behind the session or Basic auth,
 * /metrics and /healthz, on the caller's Redis.
 */
export function createDashboard(dependencies: DashboardDependencies): Dashboard {
  const { connection, prefix, logger } = dependencies;
  const registry = createMetricsRegistry("dashboard");
  const metrics = createDashboardMetrics(registry);
  const queues = openCatalogQueues(connection, prefix, createQueueErrorLog(logger));
  registerQueueMetrics(registry, queues.all, logger);
  const simulations = createSimulationService({
    store: createSimulationStore(connection, prefix, dependencies.simulations.ttlSeconds),
    concurrency: dependencies.simulations.concurrency,
    logger,
    metrics,
  });
  const now = dependencies.now ?? Date.now;
  const sessions = createSessionCodec(dependencies.session ?? DEFAULT_SESSION, now);
  const revocations = createSessionRevocations(connection, prefix);
  const trustedProxies = createTrustedProxies(dependencies.trustedProxies ?? []);
  const throttle = createLoginThrottle(
    connection,
    prefix,
    dependencies.loginThrottle ?? DEFAULT_LOGIN_THROTTLE,
  );
  // The workers' TTL (WORKER_DECISION_LOG_TTL_SECONDS) expires the records; the dashboard reads up to the
  // longest TTL the log allows, so it shows whatever is still there.
  const decisions = createDecisionLog(connection, { prefix, ttlSeconds: MAX_DECISION_LOG_TTL_SECONDS, now });
  const services: DashboardServices = {
    queues,
    decisions,
    shadow: createShadowStore(connection, { prefix }),
    // The deployment's one roster (the ingesters and workers compute the same prefix); only read here.
    roster: createRosterStore(connection, {
      ...dependencies.roster,
      keyPrefix: rosterKeyPrefix(prefix),
      now,
    }),
    simulations,
    adjustmentRuns: createRunStore(connection, { prefix, now: dependencies.now ?? Date.now }),
    simulationLimits: { maxInteractions: dependencies.simulations.maxInteractions },
    simulationBodyBytes: dependencies.simulations.maxBodyBytes,
    registry,
    healthChecks: [redisHealthCheck(connection)],
    metrics,
    logger,
    now,
    auth: {
      credentials: dependencies.credentials,
      sessions,
      revocations,
      throttle,
      trustedProxies,
    },
    console: loadConsoleAssets(dependencies.consoleDirectory ?? DEFAULT_CONSOLE_DIRECTORY),
    grafanaUrl: dependencies.grafanaUrl,
    overview: {
      connection,
      prefix,
      decisionLog: decisions,
      budget: dependencies.genesysBudget ?? DEFAULT_GENESYS_BUDGET,
    },
  };
  const app = createHttpApp({
    routes: ROUTES,
    services,
    logger,
    registry,
    service: "dashboard",
    authenticators: {
      // The login form's session, or HTTP Basic for API clients (see dashboardAuthenticator).
      basic: dashboardAuthenticator({
        sessions,
        revocations,
        username: dependencies.credentials.username,
        throttle,
        trustedProxies,
        onThrottled: (details) => {
          metrics.loginFailures.inc({ reason: "throttled" });
          logger.warn({ reason: "throttled", ...details }, "dashboard login refused");
        },
        basic: basicAuth({
          realm: "routing-dashboard",
          credentials: dependencies.credentials,
          // Logged with the reason and whether the username was the configured one, never with what was
          // supplied: people type passwords into username fields.
          onRefused: ({ reason, knownUser, path, remoteAddress }) => {
            metrics.loginFailures.inc({ reason });
            const details = { reason, knownUser, path, remoteAddress };
            // Every browser's first request comes without credentials: that is the challenge, not a failure.
            if (reason === "missing") logger.debug(details, "dashboard credentials requested");
            else logger.warn(details, "dashboard login refused");
          },
        }),
      }),
    },
    mapError: mapDashboardError,
  });

  let server: HttpServer | undefined;
  let closing: Promise<void> | undefined;

  return {
    app,
    registry,
    async listen(port, host = "0.0.0.0") {
      server = await listen(app, { port, host });
      return { port: server.port, url: server.url };
    },
    close: () => {
      closing ??= (async () => {
        await server?.close();
        await simulations.close();
        await queues.close();
      })();
      return closing;
    },
  };
}

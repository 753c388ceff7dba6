import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createMetricsRegistry, type ShutdownStep } from "@routing/service-kit";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import { buildHttpApp } from "./http/build-app.js";
import type { Credentials } from "./http/credentials.js";
import type { ExpressApp } from "./http/express.js";
import { createDashboardMetrics } from "./metrics/dashboard-metrics.js";
import { registerQueueMetrics } from "./metrics/queue-metrics.js";
import { openCatalogQueues } from "./queues/catalog-queues.js";
import { createQueueErrorLog } from "./queues/queue-error-log.js";
import { ROUTES } from "./routes.js";
import type { DashboardServices } from "./services.js";
import { createSimulationService } from "./simulations/simulation-service.js";
import { createSimulationStore } from "./simulations/simulation-store.js";

/** Keep-alive connections still open this long after close() are cut. */
const SERVER_CLOSE_GRACE_MS = 5_000;

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
}

export interface Dashboard {
  readonly app: ExpressApp;
  readonly registry: Registry;
  /** Starts the HTTP server (port 0 = any free port) and resolves with where it listens. */
  listen(port: number, host?: string): Promise<{ readonly port: number; readonly url: string }>;
  /**
   * What close() does, in order, for handleShutdown: stop accepting HTTP, interrupt the running
   * simulations (each recorded as failed, "interrupted by shutdown"), close the queues.
   */
  readonly shutdownSteps: readonly ShutdownStep[];
  close(): Promise<void>;
}

/** Bull Board behind Basic auth, /metrics, /healthz and the simulation/QA API, on the caller's Redis. */
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
  const services: DashboardServices = {
    redis: connection,
    queues,
    simulations,
    simulationLimits: { maxInteractions: dependencies.simulations.maxInteractions },
    registry,
    metrics,
    logger,
    now: dependencies.now ?? Date.now,
  };
  const app = buildHttpApp(ROUTES, services, {
    credentials: dependencies.credentials,
    simulationBodyBytes: dependencies.simulations.maxBodyBytes,
  });

  let server: Server | undefined;
  const closeServer = () =>
    new Promise<void>((resolve, reject) => {
      const running = server;
      if (running === undefined || !running.listening) {
        resolve();
        return;
      }
      const cut = setTimeout(() => running.closeAllConnections(), SERVER_CLOSE_GRACE_MS);
      cut.unref();
      running.close((error) => {
        clearTimeout(cut);
        if (error === undefined) resolve();
        else reject(error);
      });
      running.closeIdleConnections();
    });

  const shutdownSteps: ShutdownStep[] = [
    { name: "http server", close: closeServer },
    { name: "simulations", close: () => simulations.close() },
    { name: "queues", close: () => queues.close() },
  ];
  let closing: Promise<void> | undefined;

  return {
    app,
    registry,
    shutdownSteps,
    listen: (port, host = "0.0.0.0") =>
      new Promise((resolve, reject) => {
        const listening = createServer(app);
        server = listening;
        listening.once("error", reject);
        listening.listen(port, host, () => {
          listening.off("error", reject);
          const address = listening.address() as AddressInfo;
          const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
          resolve({ port: address.port, url: `http://${shownHost}:${address.port}` });
        });
      }),
    close: () => {
      closing ??= (async () => {
        for (const step of shutdownSteps) await step.close();
      })();
      return closing;
    },
  };
}

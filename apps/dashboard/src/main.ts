import { createLogger, EnvError, handleShutdown } from "@routing/service-kit";
import { Redis } from "ioredis";
import { createDashboard } from "./dashboard.js";
import { type DashboardEnv, readDashboardEnv } from "./env.js";

let env: DashboardEnv;
try {
  env = readDashboardEnv();
} catch (error) {
  // EnvError names the variable and never echoes its value.
  console.error(`dashboard: ${error instanceof EnvError ? error.message : String(error)}`);
  process.exit(1);
}

const logger = createLogger({ service: "dashboard", level: env.logLevel });
if (env.usingDevelopmentPassword) {
  logger.warn(
    { variable: "DASHBOARD_PASSWORD", username: env.auth.username },
    "DASHBOARD_PASSWORD is not set: the documented development password is in use (refused when NODE_ENV=production)",
  );
}

const connection = new Redis(env.redisUrl, { connectionName: `${env.prefix}:dashboard` });
// ioredis reports every failed reconnect; one line per outage is enough, and without a listener an
// 'error' event would end the process.
let redisDown = false;
connection.on("error", (error: Error) => {
  if (redisDown) return;
  redisDown = true;
  logger.error({ err: error }, "Redis connection lost; retrying");
});
connection.on("ready", () => {
  if (redisDown) logger.info("Redis connection restored");
  redisDown = false;
});

const dashboard = createDashboard({
  connection,
  prefix: env.prefix,
  credentials: env.auth,
  logger,
  simulations: env.simulations,
});

// A shutdown caused by a crash must not end with exit code 0, however cleanly it closes.
let crashed = false;
const shutdown = handleShutdown(
  [
    ...dashboard.shutdownSteps,
    { name: "redis", close: () => connection.quit().catch(() => connection.disconnect()) },
  ],
  logger,
  { exit: (code) => process.exit(crashed ? 1 : code) },
);

// A request's errors are answered by the error handler; these catch what escapes every request (a bug):
// logged, and for an exception (state unknown) a clean shutdown rather than an abrupt exit.
process.on("unhandledRejection", (reason) => {
  logger.error({ err: reason }, "unhandled promise rejection");
});
process.on("uncaughtException", (error) => {
  logger.fatal({ err: error }, "uncaught exception; shutting down");
  crashed = true;
  void shutdown("uncaughtException");
});

try {
  const { url } = await dashboard.listen(env.port, env.host);
  logger.info(
    {
      url,
      bullBoard: `${url}/admin/queues`,
      metrics: `${url}/metrics`,
      prefix: env.prefix,
      simulationConcurrency: env.simulations.concurrency,
    },
    `dashboard listening on ${url}`,
  );
} catch (error) {
  logger.fatal({ err: error }, "dashboard failed to start");
  await dashboard.close().catch(() => undefined);
  connection.disconnect();
  process.exit(1);
}

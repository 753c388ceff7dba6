import { runService } from "@routing/service-kit";
import { Redis } from "ioredis";
import { createDashboard } from "./dashboard.js";
import { readDashboardEnv } from "./env.js";

await runService({
  name: "dashboard",
  readConfig: readDashboardEnv,
  async start({ config, logger, onStop }) {
    if (config.usingDevelopmentPassword) {
      logger.warn(
        { variable: "DASHBOARD_PASSWORD", username: config.auth.username },
        "DASHBOARD_PASSWORD is not set: the documented development password is in use (refused when NODE_ENV=production)",
      );
    }
    if (config.usingDevelopmentSessionSecret) {
      logger.warn(
        { variable: "DASHBOARD_SESSION_SECRET" },
        "DASHBOARD_SESSION_SECRET is not set: the documented development secret signs the login sessions (refused when NODE_ENV=production)",
      );
    }
    const connection = new Redis(config.redisUrl, {
      connectionName: `${config.prefix}:dashboard`,
      // Every command here is an operator's request (the dashboard runs no BullMQ worker): while Redis is
      // away they get the 503 after one reconnect attempt, not after ioredis' default 20 (about 10 s).
      maxRetriesPerRequest: 1,
    });
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
    onStop("redis", () => connection.quit().catch(() => connection.disconnect()));

    const dashboard = createDashboard({
      connection,
      prefix: config.prefix,
      credentials: config.auth,
      logger,
      simulations: config.simulations,
      session: config.session,
      loginThrottle: config.loginThrottle,
      trustedProxies: config.trustedProxies,
      roster: config.roster,
      grafanaUrl: config.grafanaUrl,
      genesysBudget: config.genesysBudget,
    });
    onStop("dashboard (HTTP server, simulations, queues)", () => dashboard.close());
    const { url } = await dashboard.listen(config.port, config.host);
    return {
      urls: {
        http: url,
        console: `${url}/`,
        bullBoard: `${url}/admin/queues`,
        metrics: `${url}/metrics`,
        health: `${url}/healthz`,
      },
      details: { prefix: config.prefix, simulationConcurrency: config.simulations.concurrency },
    };
  },
});

import { runService } from "@routing/service-kit";
import { closeWorkerDependencies, createWorkerDependencies } from "./dependencies.js";
import { readWorkerEnv } from "./env.js";
import { createWorkerApp } from "./worker-app.js";

await runService({
  name: "worker",
  readConfig: readWorkerEnv,
  async start({ config, logger, onStop }) {
    const dependencies = createWorkerDependencies(config, { logger });
    onStop("redis", () => closeWorkerDependencies(dependencies));
    const app = createWorkerApp(dependencies);
    // Closes first: the workers finish (or give back) their active jobs while Redis is still there.
    onStop("queue workers and HTTP server", () => app.close());
    const { metricsUrl, details } = await app.start();
    return { urls: { metrics: `${metricsUrl}/metrics`, health: `${metricsUrl}/healthz` }, details };
  },
});

import { EnvError, handleShutdown } from "@routing/service-kit";
import { closeWorkerDependencies, createWorkerDependencies } from "./dependencies.js";
import { readWorkerEnv } from "./env.js";
import { createWorkerApp } from "./worker-app.js";

function loadConfig() {
  try {
    return readWorkerEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`worker: invalid configuration: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

const config = loadConfig();
const dependencies = createWorkerDependencies(config);
const app = createWorkerApp(dependencies);
let startFailed = false;
const shutdown = handleShutdown(
  [
    { name: "workers and metrics server", close: () => app.close() },
    { name: "redis", close: () => closeWorkerDependencies(dependencies) },
  ],
  dependencies.logger,
  { exit: (code) => process.exit(startFailed ? 1 : code) },
);

try {
  await app.start();
} catch (error) {
  dependencies.logger.fatal({ err: error }, "worker could not start");
  startFailed = true;
  await shutdown("start-up failure");
}

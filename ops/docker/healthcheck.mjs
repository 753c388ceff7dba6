// The image's HEALTHCHECK: finds which app this container runs (the entrypoint's argument, in PID 1's
// command line: tini -- routing <app>) and asks that app's /healthz on its configured port.
import { readFileSync } from "node:fs";

const APPS = {
  ingester: { portVariable: "INGESTER_PORT", defaultPort: 9101 },
  worker: { portVariable: "WORKER_METRICS_PORT", defaultPort: 9102 },
  dashboard: { portVariable: "DASHBOARD_PORT", defaultPort: 3000 },
  emulator: { portVariable: "EMULATOR_PORT", defaultPort: 4010 },
  "genesys-emulator": { portVariable: "EMULATOR_PORT", defaultPort: 4010 },
};

const argv = readFileSync("/proc/1/cmdline", "utf8").split("\0");
const name = argv.find((arg) => Object.hasOwn(APPS, arg));
if (name === undefined) {
  console.error(`healthcheck: no app in the container's command (${argv.join(" ")})`);
  process.exit(1);
}
const { portVariable, defaultPort } = APPS[name];
const port = Number(process.env[portVariable] || defaultPort);
try {
  const answer = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(4_000) });
  // The emulator is a development stand-in: any answer means it is up.
  const healthy = answer.status === 200 || (name.endsWith("emulator") && answer.status < 500);
  if (!healthy)
    console.error(`healthcheck: ${name} /healthz answered ${answer.status}: ${await answer.text()}`);
  process.exit(healthy ? 0 : 1);
} catch (error) {
  console.error(`healthcheck: ${name} on port ${port}: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

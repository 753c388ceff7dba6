#!/usr/bin/env node
// `npm start`: runs the whole system on the embedded defaults (Genesys emulator + local Redis), each app
// as its own process with its name before every log line. With GENESYS_CLIENT_ID set it talks to real
// Genesys instead and does not start the emulator. Each app runs as `npm run start:<app>` runs it
// (apps.mjs): the sources in development, the build with NODE_ENV=production.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { dirname, join, relative } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { appCommand, isProduction } from "./apps.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const useEmulator = !process.env.GENESYS_CLIENT_ID;
const apps = ["ingester", "worker", "dashboard"];
const production = isProduction();
const command = (app) => appCommand(root, app, { production });
const missing = [...(useEmulator ? ["emulator"] : []), ...apps]
  .map((app) => relative(root, command(app).entry))
  .filter((entry) => !existsSync(join(root, entry)));

if (missing.length > 0) {
  console.error(
    `npm start cannot run the whole system: ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} missing` +
      (production ? " (NODE_ENV=production runs the build: `npm run build` first)." : "."),
  );
  process.exit(1);
}

const redisUrl = new URL(process.env.REDIS_URL || "redis://127.0.0.1:6379");
const emulatorPort = Number(process.env.EMULATOR_PORT || 4010);
const env = {
  ...process.env,
  // The apps find the emulator where this script starts it (the apps' own default is the same address).
  ...(useEmulator && !process.env.GENESYS_API_BASE_URL
    ? { GENESYS_API_BASE_URL: `http://127.0.0.1:${emulatorPort}` }
    : {}),
};

function canConnect(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(1_000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
  });
}

if (!(await canConnect(redisUrl.hostname, Number(redisUrl.port || 6379)))) {
  console.error(
    `No Redis answers at ${redisUrl.host}. Start one (\`redis-server\`, or \`docker compose up -d redis\`) ` +
      "or point REDIS_URL at yours.",
  );
  process.exit(1);
}

const children = [];
let stopping = false;

function run(app) {
  const child = spawn(process.execPath, command(app).args, {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => process.stdout.write(`[${app}] ${line}\n`));
  }
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`[${app}] exited (${signal ?? code}); stopping the system`);
      stop(code ?? 1);
    }
  });
  children.push(child);
  return child;
}

function stop(exitCode) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => process.exit(exitCode), 35_000).unref();
  Promise.all(
    children.map((child) => (child.exitCode === null ? new Promise((r) => child.on("exit", r)) : null)),
  ).then(() => process.exit(exitCode));
}
process.once("SIGINT", () => stop(0));
process.once("SIGTERM", () => stop(0));

if (useEmulator) {
  console.log(`No GENESYS_CLIENT_ID: starting the Genesys emulator on port ${emulatorPort}`);
  run("emulator");
  // The ingester subscribes as soon as it starts: wait until the emulator listens.
  for (let waited = 0; !(await canConnect("127.0.0.1", emulatorPort)); waited += 200) {
    if (stopping) break;
    if (waited > 30_000) {
      console.error(`The emulator did not listen on port ${emulatorPort} within 30 s`);
      stop(1);
      break;
    }
    await sleep(200);
  }
}
if (!stopping) for (const app of apps) run(app);

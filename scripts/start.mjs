#!/usr/bin/env node
// `npm start`: runs the whole system on the embedded defaults (Genesys emulator + local Redis), each app
// as its own process. With GENESYS_CLIENT_ID set it talks to real Genesys instead and does not start the
// emulator. Each app runs as `npm run start:<app>` runs it (apps.mjs): the sources in development, the
// build with NODE_ENV=production.
//
// What a person sees: one start-up block (every URL, the development credentials, where the logs go), then
// a summary line every NPM_START_SUMMARY_SECONDS (10) read from the apps' /metrics, and the apps' warnings
// and errors. Every log line (JSON) goes to the log file, NPM_START_LOG_FILE (default
// .logs/npm-start-<time>.log); NPM_START_VERBOSE=1 also prints every line, prefixed with its app.
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync } from "node:fs";
import { connect } from "node:net";
import { dirname, join, relative } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { appCommand, isProduction } from "./apps.mjs";
import { figures, parseMetrics, startupBlock, summaryLine } from "./start-summary.mjs";

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

// The dashboard serves the operator console at `/` from its Vite build; a fresh clone has none yet, and a
// person who typed `npm start` expects `/` to work. Built once (a few seconds), then kept.
if (!existsSync(join(root, "apps", "dashboard", "ui", "dist", "index.html"))) {
  console.log("Building the operator console (apps/dashboard/ui, once) ...");
  const build = spawnSync(
    process.execPath,
    [join(root, "scripts", "pnpm.mjs"), "--filter", "@routing/dashboard", "run", "build:ui"],
    {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  if (build.status !== 0) console.error("The console build failed: `/` will say so; the rest runs.");
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

const logFile =
  process.env.NPM_START_LOG_FILE ||
  join(root, ".logs", `npm-start-${new Date().toISOString().replace(/[:.]/g, "-")}.log`);
mkdirSync(dirname(logFile), { recursive: true });
const log = createWriteStream(logFile, { flags: "a" });
/** Where the log is, as short as it can be said from here. */
const logShown = relative(process.cwd(), logFile).startsWith("..")
  ? logFile
  : relative(process.cwd(), logFile);
const verbose = process.env.NPM_START_VERBOSE === "1";
const summarySeconds = Number(process.env.NPM_START_SUMMARY_SECONDS || 10);
const expected = [...(useEmulator ? ["emulator"] : []), ...apps];
/** app -> { urls, details } of its started line. */
const started = {};
const STARTED_MESSAGE = {
  emulator: "genesys-emulator started",
  ingester: "ingester started",
  worker: "worker started",
  dashboard: "dashboard started",
};
const LEVELS = { 40: "WARN", 50: "ERROR", 60: "FATAL" };

/** One line of an app's output: to the log file always; to the console when it needs a person. */
function onLine(app, line) {
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    entry = undefined;
  }
  log.write(entry === undefined ? `[${app}] ${line}\n` : `${line}\n`);
  if (verbose) process.stdout.write(`[${app}] ${line}\n`);
  if (entry === undefined || typeof entry !== "object" || entry === null) {
    // Not a log line: a crash before the logger existed, an invalid-configuration line, a tool's output.
    if (!verbose) process.stdout.write(`[${app}] ${line}\n`);
    return;
  }
  if (entry.msg === STARTED_MESSAGE[app] && started[app] === undefined) {
    started[app] = { urls: entry.urls ?? {}, details: entry };
    if (expected.every((name) => started[name] !== undefined)) onAllStarted();
  }
  if (!verbose && typeof entry.level === "number" && entry.level >= 40) {
    const error = entry.err?.message ? `: ${entry.err.message}` : "";
    process.stdout.write(`[${app}] ${LEVELS[entry.level] ?? "WARN"} ${entry.msg ?? ""}${error}\n`);
  }
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
    createInterface({ input: stream }).on("line", (line) => onLine(app, line));
  }
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`[${app}] exited (${signal ?? code}); stopping the system (its log: ${logFile})`);
      stop(code ?? 1);
    }
  });
  children.push(child);
  return child;
}

let summaryTimer;
let previous;

async function metricsOf(app) {
  const url = started[app]?.urls?.metrics?.replace("://0.0.0.0:", "://127.0.0.1:");
  if (url === undefined) return undefined;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return response.ok ? parseMetrics(await response.text()) : undefined;
  } catch {
    return undefined;
  }
}

async function printSummary() {
  const sources = ["ingester", "worker", "dashboard"];
  const samples = await Promise.all(sources.map(metricsOf));
  if (stopping) return;
  const now = figures(samples.flatMap((app) => app ?? []));
  const unreachable = sources.filter((_, index) => samples[index] === undefined);
  console.log(summaryLine(now, previous, unreachable));
  previous = now;
}

function onAllStarted() {
  console.log(
    startupBlock({
      started,
      logFile: logShown,
      summarySeconds,
      credentials: {
        dashboardUsername: process.env.DASHBOARD_USERNAME || "ops",
        // The documented development password (apps/dashboard/src/env.ts), in use only when none is set.
        dashboardPassword: process.env.DASHBOARD_PASSWORD ? undefined : "routing-dev-only",
        emulatorClientId: process.env.EMULATOR_CLIENT_ID || "emulator-client-id",
        emulatorClientSecret: process.env.EMULATOR_CLIENT_SECRET
          ? "the EMULATOR_CLIENT_SECRET you set"
          : "emulator-client-secret",
      },
    }),
  );
  summaryTimer = setInterval(() => void printSummary(), summarySeconds * 1000);
}

function stop(exitCode) {
  if (!stopping) console.log(`Stopping every app (their last lines go to ${logShown})`);
  stopping = true;
  clearInterval(summaryTimer);
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => process.exit(exitCode), 35_000).unref();
  Promise.all(
    children.map((child) => (child.exitCode === null ? new Promise((r) => child.on("exit", r)) : null)),
  ).then(() => log.end(() => process.exit(exitCode)));
}
process.once("SIGINT", () => stop(0));
process.once("SIGTERM", () => stop(0));

console.log(
  `Starting ${expected.join(", ")}${useEmulator ? ` (no GENESYS_CLIENT_ID: the Genesys emulator on port ${emulatorPort})` : ""}; logs: ${logShown}`,
);
if (useEmulator) {
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

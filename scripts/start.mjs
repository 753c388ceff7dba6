#!/usr/bin/env node
// `npm start`: runs the whole system on the embedded defaults (Genesys emulator + local Redis), each app
// as its own process with its name before every log line. Until every app exists it says which are
// missing and exits non-zero rather than pretend.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const apps = ["genesys-emulator", "ingester", "worker", "dashboard"];
const entry = (app) => join(root, "apps", app, "src", "main.ts");
const missing = apps.filter((app) => !existsSync(entry(app)));

if (missing.length > 0) {
  console.error(
    `npm start cannot run the whole system yet: ${missing.map((a) => `apps/${a}`).join(", ")} ` +
      `${missing.length === 1 ? "is" : "are"} not built.\n` +
      "What runs today: `npm run start:emulator` (the Genesys emulator), `npm run sim` (the routing simulator), `npm test`.",
  );
  process.exit(1);
}

const tsx = join(root, "node_modules", ".bin", "tsx");
const children = apps.map((app) => {
  const child = spawn(tsx, ["--conditions=@routing/source", entry(app)], {
    cwd: root,
    env: process.env,
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
  return child;
});

let stopping = false;
function stop(exitCode) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => process.exit(exitCode), 10_000).unref();
  Promise.all(
    children.map((child) => (child.exitCode === null ? new Promise((r) => child.on("exit", r)) : null)),
  ).then(() => process.exit(exitCode));
}
process.once("SIGINT", () => stop(0));
process.once("SIGTERM", () => stop(0));

#!/usr/bin/env node
// `npm run start:<app>` (emulator, ingester, worker, dashboard): one app process. With NODE_ENV=production
// it runs the build (`npm run build` first) in this very process, so signals reach the app directly; otherwise
// it installs what is missing and runs the sources through tsx in a child process.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { constants } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { APPS, appCommand, isProduction } from "./apps.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const app = process.argv[2];

if (!Object.hasOwn(APPS, app ?? "")) {
  console.error(`usage: node scripts/start-app.mjs <${Object.keys(APPS).join("|")}>`);
  process.exit(2);
}

const production = isProduction();
const { entry, args } = appCommand(root, app, { production });

if (production) {
  if (!existsSync(entry)) {
    console.error(
      `${relative(root, entry)} is missing: run \`npm run build\` first (NODE_ENV=production runs the build).`,
    );
    process.exit(1);
  }
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(entry).href);
} else {
  await import("./ensure-deps.mjs");
  const child = spawn(process.execPath, args, { cwd: root, stdio: "inherit" });
  // A terminal's Ctrl-C reaches both processes; `kill` reaches only this one. The app ignores a repeat.
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal);
    });
  }
  child.on("exit", (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
}

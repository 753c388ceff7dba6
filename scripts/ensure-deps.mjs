#!/usr/bin/env node
// Installs the workspace's dependencies on first run (and again when the lockfile changed), so that
// `npm test` and `npm start` work on a fresh clone with only Node and npm. Output goes to stderr so that
// commands whose stdout is machine-readable (`npm run sim -- --json`) stay clean.
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runPnpm } from "./pnpm.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const lockfile = join(root, "pnpm-lock.yaml");
const installedLock = join(root, "node_modules", ".pnpm", "lock.yaml");

const major = Number(process.versions.node.split(".")[0]);
if (major < 20) {
  process.stderr.write(`Node ${process.versions.node} is too old: this project needs Node 20 or newer.\n`);
  process.exit(1);
}

const upToDate = existsSync(installedLock) && statSync(installedLock).mtimeMs >= statSync(lockfile).mtimeMs;
if (!upToDate) {
  process.stderr.write("Installing dependencies (pinned pnpm via npx)...\n");

  const status = runPnpm(["install", "--frozen-lockfile", "--reporter=append-only", "--loglevel=info"], {
    cwd: root,
  });
  if (status !== 0) {
    process.stderr.write("Dependency install failed (see above).\n");
    process.exit(status);
  }
}

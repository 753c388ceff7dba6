#!/usr/bin/env node
// Runs the pinned pnpm through npx. Corepack is not used: its signature check fails on our machines.
import { spawnSync } from "node:child_process";

export const PNPM_VERSION = "10.34.9";

export function runPnpm(args, options = {}) {
  const npx = process.platform === "win32" ? "npx.cmd" : "npx";
  const result = spawnSync(npx, ["--yes", `pnpm@${PNPM_VERSION}`, ...args], {
    stdio: ["ignore", process.stderr, "inherit"],
    ...options,
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(runPnpm(process.argv.slice(2), { stdio: "inherit" }));
}

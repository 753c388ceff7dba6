#!/usr/bin/env node
// `npm start`: runs the whole system on the embedded defaults (Genesys emulator + local Redis).
// Until every app exists it says which are missing and exits non-zero rather than pretend.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const apps = ["genesys-emulator", "ingester", "worker", "dashboard"];
const missing = apps.filter((app) => !existsSync(join(root, "apps", app, "src", "main.ts")));

if (missing.length > 0) {
  console.error(
    `npm start cannot run the whole system yet: ${missing.map((a) => `apps/${a}`).join(", ")} ` +
      `${missing.length === 1 ? "is" : "are"} not built.\n` +
      "What runs today: `npm run start:emulator` (the Genesys emulator), `npm run sim` (the routing simulator), `npm test`.",
  );
  process.exit(1);
}

const { startSystem } = await import("./start-system.mjs");
await startSystem(root);

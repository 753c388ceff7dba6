// The app processes and how each one is started: the compiled JavaScript (dist/) in production, the
// TypeScript sources (through tsx, with the @routing/source condition) in development. Used by
// `npm run start:<app>` (start-app.mjs) and `npm start` (start.mjs).
import { join } from "node:path";

/** name -> folder under apps/, and the variable of its port with the default. */
export const APPS = {
  emulator: { dir: "genesys-emulator", port: "EMULATOR_PORT (4010)" },
  ingester: { dir: "ingester", port: "INGESTER_PORT (9101)" },
  worker: { dir: "worker", port: "WORKER_METRICS_PORT (9102)" },
  dashboard: { dir: "dashboard", port: "DASHBOARD_PORT (3000)" },
};

export const isProduction = (env = process.env) => env.NODE_ENV === "production";

/**
 * How to run `app` from `root`: the entry file and the node arguments. Production runs dist/main.js as
 * plain Node (workspace packages resolve to their dist/ through the "default" export condition);
 * development runs src/main.ts through tsx with the "@routing/source" condition (packages as source).
 */
export function appCommand(root, app, { production }) {
  const { dir } = APPS[app];
  if (production) {
    const entry = join(root, "apps", dir, "dist", "main.js");
    return { entry, args: ["--enable-source-maps", entry] };
  }
  const entry = join(root, "apps", dir, "src", "main.ts");
  return { entry, args: ["--conditions=@routing/source", "--import", "tsx", entry] };
}

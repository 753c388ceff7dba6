import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROUTES as DASHBOARD_ROUTES } from "../apps/dashboard/src/routes.js";
import { createIngesterMetrics } from "../apps/ingester/src/metrics.js";
import { createRoutes as createIngesterRoutes } from "../apps/ingester/src/routes.js";
import { ROUTES as WORKER_ROUTES } from "../apps/worker/src/routes.js";
import type { Route } from "../packages/http-kit/src/index.js";
import { createLogger, createMetricsRegistry } from "../packages/service-kit/src/index.js";

// Each app's README route table against its route table in code (routes.ts): same methods, paths and auth.
const root = join(import.meta.dirname, "..");

const ingesterRoutes = createIngesterRoutes({
  registry: createMetricsRegistry("ingester"),
  metrics: createIngesterMetrics(createMetricsRegistry("ingester")),
  logger: createLogger({ service: "ingester", level: "silent" }),
  healthChecks: [],
  webhookSecret: "readme-test-secret-0123456789-0123456789",
  enqueue: () => Promise.reject(new Error("not in this test")),
  stopSignal: new AbortController().signal,
  webhookEnqueueDeadlineMs: 1_000,
  webhookBodyLimitBytes: 1_024,
  now: Date.now,
  // Served only when an NLU is configured; the README documents it, so the table is built with it. Only
  // the routes are listed here: nothing is called.
  botConnector: {
    botId: "routing-handoff-bot",
    message: () => Promise.reject(new Error("not in this test")),
    listBots: () => ({ status: 500, body: null }),
    getBot: () => ({ status: 500, body: null }),
  },
});

const APPS: readonly (readonly [string, string, readonly Route<never>[]])[] = [
  ["ingester", "apps/ingester/README.md", ingesterRoutes as readonly Route<never>[]],
  ["worker", "apps/worker/README.md", WORKER_ROUTES as readonly Route<never>[]],
  ["dashboard", "apps/dashboard/README.md", DASHBOARD_ROUTES as readonly Route<never>[]],
];

/** `METHOD path auth` for a route: mounts answer every method under their path. */
function describeRoute(route: Route<never>): string {
  return route.kind === "mount"
    ? `* ${route.path}/* ${route.auth}`
    : `${route.method} ${route.path} ${route.auth}`;
}

/** The rows of the README's `| method | path | auth | ... |` table, as `METHOD path auth`. */
function readmeRoutes(markdown: string): string[] {
  const lines = markdown.split("\n");
  const header = lines.findIndex((line) => /^\|\s*method\s*\|\s*path\s*\|\s*auth\s*\|/i.test(line));
  if (header < 0) return [];
  const rows: string[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith("|")) break;
    const [method = "", path = "", auth = ""] = line
      .split("|")
      .slice(1)
      .map((cell) => cell.trim());
    rows.push(`${method} ${path.replaceAll("`", "")} ${auth.split(/\s/)[0]?.toLowerCase()}`);
  }
  return rows;
}

describe("README route tables against routes.ts", () => {
  it.each(APPS)("the %s README lists exactly its routes", (_app, path, routes) => {
    const documented = readmeRoutes(readFileSync(join(root, path), "utf8"));
    expect(documented.sort()).toEqual(routes.map(describeRoute).sort());
  });
});

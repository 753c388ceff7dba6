import { serveHealth } from "./http/health-handler.js";
import type { Route } from "./http/http-types.js";
import { serveMetrics } from "./http/metrics-handler.js";

/** The worker's whole HTTP surface. */
export const ROUTES: readonly Route[] = [
  { method: "GET", path: "/metrics", handler: serveMetrics },
  { method: "GET", path: "/healthz", handler: serveHealth },
];

import type { RouteHandler } from "./http-types.js";

/** GET /healthz: 200 while every queue worker runs and Redis is connected, 503 otherwise (for probes). */
export const serveHealth: RouteHandler = async (_request, services) => {
  const report = services.health();
  return {
    status: report.healthy ? 200 : 503,
    body: { status: report.healthy ? "ok" : "unhealthy", checks: report.checks },
  };
};

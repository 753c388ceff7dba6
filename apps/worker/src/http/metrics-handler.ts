import type { RouteHandler } from "./http-types.js";

/** GET /metrics: the Prometheus exposition of the worker's registry (worker_*, genesys_*, Node defaults). */
export const serveMetrics: RouteHandler = async (_request, services) => ({
  status: 200,
  headers: { "content-type": services.registry.contentType },
  body: await services.registry.metrics(),
});

import type { IncomingMessage } from "node:http";
import type { DashboardMetrics } from "../metrics/dashboard-metrics.js";
import type { RequestHandler } from "./express.js";

// The route TEMPLATE a request matched, kept beside the request rather than on it: express' own objects
// are not ours to extend, and a WeakMap forgets the request with it.
const routeTemplates = new WeakMap<IncomingMessage, string>();

/** Names the route template for the metrics of this request (`/api/simulations/:id`, never the id). */
export function labelRoute(template: string): RequestHandler {
  return (request, _response, next) => {
    routeTemplates.set(request, template);
    next();
  };
}

/** Counts and times every answered request by method, route template and status. */
export function measureRequests(metrics: DashboardMetrics): RequestHandler {
  return (request, response, next) => {
    const startedAt = process.hrtime.bigint();
    response.once("finish", () => {
      const route = routeTemplates.get(request) ?? "unmatched";
      const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      metrics.httpRequests.inc({ method: request.method, route, status: String(response.statusCode) });
      metrics.httpDuration.observe({ method: request.method, route }, seconds);
    });
    next();
  };
}

import type { RouteHandler } from "../http/route.js";

/**
 * GET /metrics: Prometheus text of this process (Node defaults, HTTP, simulations) and the BullMQ queue
 * gauges read from Redis now. Open, because Prometheus scrapes it; it holds no secrets, but it must stay
 * on the internal network (README).
 */
export const metricsHandler: RouteHandler = async (_request, { registry }) => ({
  status: 200,
  text: await registry.metrics(),
  contentType: registry.contentType,
});

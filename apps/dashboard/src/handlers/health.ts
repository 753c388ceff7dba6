import { json, type RouteHandler } from "../http/route.js";

/** A Redis that does not answer within this is as good as down for a health check. */
const PING_TIMEOUT_MS = 2_000;

/** GET /healthz: 200 when Redis answers a PING, 503 otherwise (for load balancers and Kubernetes). */
export const healthHandler: RouteHandler = async (_request, { redis }) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error("Redis PING timed out")), PING_TIMEOUT_MS);
  });
  try {
    await Promise.race([redis.ping(), timeout]);
    return json(200, { status: "ok", redis: "ok" });
  } catch {
    return json(503, { status: "unavailable", redis: "unreachable" });
  } finally {
    clearTimeout(timer);
  }
};

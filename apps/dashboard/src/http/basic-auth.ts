import type { Logger } from "pino";
import type { DashboardMetrics } from "../metrics/dashboard-metrics.js";
import { ApiError } from "./api-error.js";
import { type Credentials, checkCredentials } from "./credentials.js";
import type { RequestHandler } from "./express.js";

const CHALLENGE = 'Basic realm="routing-dashboard", charset="UTF-8"';

/**
 * HTTP Basic auth for Bull Board and the /api routes. A refusal is a 401 with the Basic challenge (so a
 * browser asks for the login). A failed login is logged with the reason and whether the username was
 * the configured one, never with what was supplied: people type passwords into username fields.
 */
export function basicAuth(
  credentials: Credentials,
  logger: Logger,
  metrics: DashboardMetrics,
): RequestHandler {
  return (request, _response, next) => {
    const check = checkCredentials(request.headers.authorization, credentials);
    if (check.ok) {
      next();
      return;
    }
    metrics.loginFailures.inc({ reason: check.reason });
    const details = {
      reason: check.reason,
      knownUser: check.knownUser,
      path: request.originalUrl.split("?")[0],
      remoteAddress: request.ip,
    };
    // Every browser's first request comes without credentials: that is the challenge, not a failed login.
    if (check.reason === "missing") logger.debug(details, "dashboard credentials requested");
    else logger.warn(details, "dashboard login refused");
    next(
      new ApiError(
        401,
        "unauthorized",
        "valid dashboard credentials are required (HTTP Basic auth)",
        { field: "authorization" },
        { "WWW-Authenticate": CHALLENGE },
      ),
    );
  };
}

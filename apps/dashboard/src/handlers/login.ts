import { type Handler, type HttpResult, matchCredentials } from "@routing/http-kit";
import { requestClientAddress } from "../auth/client-address.js";
import { type LoginNotice, loginPage, safeReturnPath } from "../auth/login-page.js";
import { PAGE_HEADERS } from "../console/page-headers.js";
import type { DashboardServices } from "../services.js";

function page(
  status: number,
  notice: LoginNotice,
  next: string,
  headers: Record<string, string> = {},
): HttpResult {
  return {
    status,
    headers: { ...PAGE_HEADERS, ...headers },
    text: loginPage(notice, next),
    contentType: "text/html; charset=utf-8",
  };
}

/**
 * POST /login (a form: `username`, `password`, `next`). Success: 303 to `next` (a path of this dashboard)
 * with the signed session cookie. Failure: 401 and the form again, counted per caller address; past
 * DASHBOARD_LOGIN_MAX_FAILURES within DASHBOARD_LOGIN_WINDOW_SECONDS every login from that address is a
 * 429 with Retry-After until the window ends, right password or not. The address is the caller's as
 * DASHBOARD_TRUSTED_PROXIES lets X-Forwarded-For say (client-address.ts), not a proxy's.
 */
export const loginHandler: Handler<DashboardServices, Buffer> = async (request, services) => {
  const { auth, metrics, logger } = services;
  const form = new URLSearchParams(request.body.toString("utf8"));
  const next = safeReturnPath(form.get("next"));
  const address = requestClientAddress(request, auth.trustedProxies);
  const blockedFor = await auth.throttle.blockedFor(address);
  if (blockedFor !== undefined) {
    metrics.loginFailures.inc({ reason: "throttled" });
    logger.warn(
      { reason: "throttled", remoteAddress: address, retryAfterSeconds: blockedFor },
      "dashboard login refused",
    );
    return page(429, "throttled", next, { "Retry-After": String(blockedFor) });
  }
  const check = matchCredentials(
    { username: form.get("username") ?? "", password: form.get("password") ?? "" },
    auth.credentials,
  );
  if (!check.ok) {
    await auth.throttle.recordFailure(address);
    metrics.loginFailures.inc({ reason: check.reason });
    // Never what was typed: people type passwords into username fields.
    logger.warn(
      { reason: check.reason, knownUser: check.knownUser, path: request.path, remoteAddress: address },
      "dashboard login refused",
    );
    return page(401, "refused", next);
  }
  await auth.throttle.reset(address);
  logger.info({ username: auth.credentials.username, remoteAddress: address }, "dashboard login");
  return {
    status: 303,
    headers: {
      Location: next,
      "Set-Cookie": auth.sessions.issue(auth.credentials.username),
      "Cache-Control": "no-store",
    },
  };
};

import { type Authenticator, type AuthRequest, HttpError } from "@routing/http-kit";
import { requestClientAddress, type TrustedProxies } from "./client-address.js";
import type { LoginThrottle } from "./login-throttle.js";
import type { SessionCodec } from "./session-cookie.js";
import type { SessionRevocations } from "./session-revocations.js";

export interface DashboardAuthOptions {
  /** HTTP Basic, for API clients (curl -u, scripts). */
  readonly basic: Authenticator;
  readonly sessions: SessionCodec;
  /** Sessions ended by a logout: refused like expired ones. */
  readonly revocations: SessionRevocations;
  /** DASHBOARD_USERNAME: a session signed for another name is not accepted. */
  readonly username: string;
  /**
   * The login form's failed-login count per address: Basic logins count toward it and are refused (429)
   * past it too, or guessing would simply move from the form to the Authorization header.
   */
  readonly throttle: LoginThrottle;
  /**
   * DASHBOARD_TRUSTED_PROXIES: the throttle counts per caller, read from X-Forwarded-For when the peer is a
   * trusted proxy (client-address.ts); Basic sees that address too, so its refusals are logged with it.
   */
  readonly trustedProxies: TrustedProxies;
  /** Told of every Basic login refused by the throttle (to log and count it). */
  readonly onThrottled?: (details: {
    readonly path: string;
    readonly remoteAddress: string;
    readonly retryAfterSeconds: number;
  }) => void;
}

/** Where a browser is sent to log in, with the page it asked for to come back to. */
export function loginLocation(path: string): string {
  return path === "/" ? "/login" : `/login?next=${encodeURIComponent(path)}`;
}

/**
 * A browser opening a page (not a script calling an API): it is sent to the login form rather than given
 * a 401, which would open the browser's own Basic prompt.
 */
function isPageNavigation(request: AuthRequest): boolean {
  const accept = request.headers.accept ?? "";
  return (request.method === "GET" || request.method === "HEAD") && accept.includes("text/html");
}

/**
 * The session cookie of the login form, or HTTP Basic: a request with an `Authorization` header is an API
 * client's and is judged by Basic alone (401 with the challenge, as before the login form existed).
 * Without one, a valid session passes (not logged out); a page request goes to the login form (303); a
 * request with an expired, logged-out or forged session gets a 401 without the Basic challenge, so the UI can send its user to the
 * form instead of the browser opening its prompt; anything else gets Basic's 401 and challenge. Basic
 * logins share the form's failed-login throttle: a refused one counts, and past the limit the address gets
 * a 429 with Retry-After before its credentials are even compared.
 */
export function dashboardAuthenticator(options: DashboardAuthOptions): Authenticator {
  return async (received) => {
    const address = requestClientAddress(received, options.trustedProxies);
    const request = { ...received, remoteAddress: address };
    if (request.headers.authorization === undefined) {
      const cookie = request.headers.cookie;
      const session = options.sessions.read(cookie, options.username);
      if (session !== undefined && !(await options.revocations.isRevoked(session))) return;
      if (isPageNavigation(request)) {
        throw new HttpError(303, "login-required", "log in first", {
          headers: { Location: loginLocation(request.path) },
        });
      }
      if (options.sessions.present(cookie)) {
        throw new HttpError(401, "unauthorized", "the session expired, ended or is not valid: log in again", {
          field: "cookie",
        });
      }
      // No credentials at all: Basic's challenge (the first request of every client), not a failed login.
      return options.basic(request);
    }
    const blockedFor = await options.throttle.blockedFor(address);
    if (blockedFor !== undefined) {
      options.onThrottled?.({ path: request.path, remoteAddress: address, retryAfterSeconds: blockedFor });
      throw new HttpError(
        429,
        "too-many-logins",
        "too many failed logins from this address: try again later",
        {
          field: "authorization",
          headers: { "Retry-After": String(blockedFor) },
        },
      );
    }
    try {
      await options.basic(request);
    } catch (error) {
      await options.throttle.recordFailure(address);
      throw error;
    }
  };
}

import { type Authenticator, type AuthRequest, HttpError } from "@routing/http-kit";
import type { SessionCodec } from "./session-cookie.js";

export interface DashboardAuthOptions {
  /** HTTP Basic, for API clients (curl -u, scripts). */
  readonly basic: Authenticator;
  readonly sessions: SessionCodec;
  /** DASHBOARD_USERNAME: a session signed for another name is not accepted. */
  readonly username: string;
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
 * Without one, a valid session passes; a page request goes to the login form (303); a request with an
 * expired or forged session gets a 401 without the Basic challenge, so the UI can send its user to the
 * form instead of the browser opening its prompt; anything else gets Basic's 401 and challenge.
 */
export function dashboardAuthenticator(options: DashboardAuthOptions): Authenticator {
  return (request) => {
    if (request.headers.authorization === undefined) {
      const cookie = request.headers.cookie;
      if (options.sessions.verify(cookie, options.username)) return;
      if (isPageNavigation(request)) {
        throw new HttpError(303, "login-required", "log in first", {
          headers: { Location: loginLocation(request.path) },
        });
      }
      if (options.sessions.present(cookie)) {
        throw new HttpError(401, "unauthorized", "the session expired or is not valid: log in again", {
          field: "cookie",
        });
      }
    }
    return options.basic(request);
  };
}

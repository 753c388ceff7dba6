import type { Handler } from "@routing/http-kit";
import type { DashboardServices } from "../services.js";

/**
 * POST /logout: removes the session cookie and goes back to the form. The session is stateless (a signed
 * cookie), so a copy taken before logout stays valid until it expires (DASHBOARD_SESSION_TTL_SECONDS).
 */
export const logoutHandler: Handler<DashboardServices> = (_request, services) => ({
  status: 303,
  headers: {
    Location: "/login?loggedOut=1",
    "Set-Cookie": services.auth.sessions.clear(),
    "Cache-Control": "no-store",
  },
});

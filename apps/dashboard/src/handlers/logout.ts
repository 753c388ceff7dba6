import type { Handler } from "@routing/http-kit";
import type { DashboardServices } from "../services.js";

/**
 * POST /logout: ends the session (its nonce is kept in Redis until it would have expired, so a copy of the
 * cookie no longer opens the dashboard on any instance), removes the cookie and goes back to the form.
 */
export const logoutHandler: Handler<DashboardServices> = async (request, services) => {
  const { sessions, revocations, credentials } = services.auth;
  const session = sessions.read(request.headers.cookie, credentials.username);
  if (session !== undefined) await revocations.revoke(session);
  return {
    status: 303,
    headers: {
      Location: "/login?loggedOut=1",
      "Set-Cookie": sessions.clear(),
      "Cache-Control": "no-store",
    },
  };
};

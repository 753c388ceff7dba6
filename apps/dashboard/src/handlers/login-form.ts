import type { Handler } from "@routing/http-kit";
import { type LoginNotice, loginPage, safeReturnPath } from "../auth/login-page.js";
import { PAGE_HEADERS } from "../console/page-headers.js";
import type { DashboardServices } from "../services.js";

/** GET /login: the login form (open: it is where everyone starts). */
export const loginFormHandler: Handler<DashboardServices> = (request) => {
  const notice: LoginNotice = request.query.get("loggedOut") === "1" ? "logged-out" : "none";
  return {
    status: 200,
    headers: PAGE_HEADERS,
    text: loginPage(notice, safeReturnPath(request.query.get("next"))),
    contentType: "text/html; charset=utf-8",
  };
};

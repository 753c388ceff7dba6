import type { RequestHandler } from "express";
import { errorResult } from "./http-result.js";
import type { Route } from "./route.js";
import { sendResult } from "./send-result.js";

/** Unknown paths get 404, known paths with another method 405 with `Allow`: both as JSON errors. */
export function createNotFoundHandler(routes: readonly Route[]): RequestHandler {
  return (request, response) => {
    const allowed = routes.filter((route) => route.path === request.path).map((route) => route.method);
    if (allowed.length > 0) {
      sendResult(
        response,
        errorResult(
          405,
          { code: "method-not-allowed", field: null, message: `${request.method} is not allowed here` },
          { Allow: allowed.join(", ") },
        ),
      );
      return;
    }
    sendResult(response, errorResult(404, { code: "not-found", field: null, message: "no such route" }));
  };
}

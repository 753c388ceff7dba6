import type { Logger } from "pino";
import { ApiError } from "./api-error.js";
import { toApiError } from "./error-mapping.js";
import type { ErrorRequestHandler, RequestHandler } from "./express.js";

/** Unknown routes: a JSON 404 like every other error, never express' HTML page. */
export const unknownRoute: RequestHandler = (request, _response, next) => {
  next(new ApiError(404, "not_found", `no route ${request.method} ${request.path}`));
};

/**
 * The one place errors become answers: `{ "error": { code, field, message, line?, column? } }` with the
 * status and headers (WWW-Authenticate, Retry-After) the error carries. A 5xx is logged with its cause;
 * the caller gets no internals. Nothing a handler throws can take the process down.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, request, response, next) => {
    const answer = toApiError(error);
    if (answer.status >= 500) {
      logger.error({ err: error, method: request.method, path: request.path }, "request failed");
    }
    if (response.headersSent) {
      // Part of the answer is out: only express can end the connection cleanly now.
      next(error);
      return;
    }
    for (const [name, value] of Object.entries(answer.headers)) response.set(name, value);
    response.status(answer.status).json(answer.toBody());
  };
}

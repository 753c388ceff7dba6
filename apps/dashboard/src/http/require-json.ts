import { ApiError } from "./api-error.js";
import type { RequestHandler } from "./express.js";

/**
 * A body that is not JSON is refused with 415 before it is read, instead of being silently ignored by the
 * JSON parser and reported later as a missing field. A request without a body passes (its handler says
 * which field is missing).
 */
export const requireJsonBody: RequestHandler = (request, _response, next) => {
  const empty = request.headers["content-length"] === "0";
  if (!empty && request.is("application/json") === false) {
    next(
      new ApiError(415, "unsupported_media_type", "send the body as JSON (Content-Type: application/json)", {
        field: "content-type",
      }),
    );
    return;
  }
  next();
};

import type { Logger } from "@routing/service-kit";
import { HttpError } from "./http-error.js";
import type { HttpResponse } from "./http-types.js";

/**
 * The one place an HTTP failure becomes a response: an HttpError answers its own status and code,
 * anything else is logged and answered 500 without its details (they could leak internals).
 */
export function renderHttpError(error: unknown, logger: Logger): HttpResponse {
  if (error instanceof HttpError) {
    return {
      status: error.status,
      headers: error.headers,
      body: { error: { code: error.code, field: error.field, message: error.message } },
    };
  }
  logger.error({ err: error }, "HTTP handler failed");
  return {
    status: 500,
    body: { error: { code: "internal.error", field: null, message: "the request could not be served" } },
  };
}

import type { Logger } from "@routing/service-kit";
import type { ErrorRequestHandler } from "express";
import { errorResult, type HttpResult } from "./http-result.js";
import { sendResult } from "./send-result.js";

/** The fields body-parser puts on the errors it raises (too large, bad encoding, aborted, ...). */
interface ClientError {
  readonly status?: unknown;
  readonly type?: unknown;
  readonly expose?: unknown;
}

function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { status, expose } = error as ClientError;
  return typeof status === "number" && status >= 400 && status < 500 && expose === true ? status : undefined;
}

function resultFor(error: unknown, bodyLimitBytes: number): HttpResult | undefined {
  const status = clientErrorStatus(error);
  if (status === undefined) return undefined;
  if ((error as ClientError).type === "entity.too.large") {
    return errorResult(413, {
      code: "payload-too-large",
      field: "body",
      message: `body must be at most ${bodyLimitBytes} bytes`,
    });
  }
  return errorResult(status, {
    code: "bad-request",
    field: "body",
    message: "the request body could not be read",
  });
}

/**
 * The one place errors become answers. Request faults keep their 4xx; anything else is our fault: a 500
 * with no detail (details go to the log, never the request body), and the process carries on.
 */
export function createErrorHandler(logger: Logger, bodyLimitBytes: number): ErrorRequestHandler {
  return (error, request, response, _next) => {
    const result = resultFor(error, bodyLimitBytes);
    if (result === undefined) {
      logger.error(
        {
          err:
            error instanceof Error
              ? { name: error.name, message: error.message, stack: error.stack }
              : String(error),
          method: request.method,
          path: request.path,
        },
        "request failed",
      );
    }
    if (response.headersSent) {
      response.destroy();
      return;
    }
    sendResult(
      response,
      result ?? errorResult(500, { code: "internal", field: null, message: "internal error" }),
    );
  };
}

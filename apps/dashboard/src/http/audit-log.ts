import type { Logger } from "pino";
import type { RequestHandler } from "./express.js";

/**
 * Logs every state-changing request to a mounted application (Bull Board: retry, remove, pause, clean),
 * with its outcome, so that who-replayed-what can be reconstructed from the logs. Reads are not logged:
 * the Bull Board UI polls.
 */
export function auditChanges(logger: Logger, application: string): RequestHandler {
  return (request, response, next) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      const path = request.originalUrl.split("?")[0];
      response.once("finish", () => {
        logger.info(
          { application, method: request.method, path, status: response.statusCode },
          `${application} action`,
        );
      });
    }
    next();
  };
}

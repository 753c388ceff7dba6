import type { Logger } from "@routing/service-kit";
import express, { type Request, type RequestHandler } from "express";
import type { Counter } from "prom-client";
import { createErrorHandler } from "./error-handler.js";
import { createNotFoundHandler } from "./not-found.js";
import type { Route } from "./route.js";
import { sendResult } from "./send-result.js";

export interface HttpAppOptions {
  readonly routes: readonly Route[];
  readonly logger: Logger;
  /** Largest request body read; more is refused with 413 before the handler runs. */
  readonly bodyLimitBytes: number;
  readonly requests: Counter<"route" | "status">;
}

const UNMATCHED_ROUTE = "unmatched";

/** Counts every answer once it is sent, under the route template that served it. */
function countRequests(requests: Counter<"route" | "status">): RequestHandler {
  return (_request, response, next) => {
    response.on("finish", () => {
      const route = typeof response.locals.route === "string" ? response.locals.route : UNMATCHED_ROUTE;
      requests.inc({ route, status: String(response.statusCode) });
    });
    next();
  };
}

function rawBodyOf(request: Request): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

/** The Express app for a route table: routes first, then 404/405, then the one error handler. */
export function createHttpApp(options: HttpAppOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(countRequests(options.requests));
  for (const route of options.routes) {
    const labelRoute: RequestHandler = (_request, response, next) => {
      response.locals.route = route.path;
      next();
    };
    // Any content type: the signature is checked over the bytes before anything interprets them.
    const readBody =
      route.body === "raw" ? [express.raw({ type: () => true, limit: options.bodyLimitBytes })] : [];
    const answer: RequestHandler = async (request, response) => {
      const result = await route.handler({ headers: request.headers, rawBody: rawBodyOf(request) });
      sendResult(response, result);
    };
    const handlers = [labelRoute, ...readBody, answer];
    if (route.method === "GET") app.get(route.path, ...handlers);
    else app.post(route.path, ...handlers);
  }
  app.use(createNotFoundHandler(options.routes));
  app.use(createErrorHandler(options.logger, options.bodyLimitBytes));
  return app;
}

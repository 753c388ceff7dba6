import express, {
  type ErrorRequestHandler,
  type Express,
  type Request,
  type RequestHandler,
  type Response,
} from "express";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { Authenticator } from "./basic-auth.js";
import { toHttpError } from "./error-mapping.js";
import { HttpError } from "./http-error.js";
import { createHttpMetrics, UNMATCHED_ROUTE } from "./request-metrics.js";
import type { HttpResult } from "./result.js";
import type { BodySpec, EndpointRoute, HandlerRequest, MountRoute, Route } from "./route.js";
import { validateBody } from "./validate.js";

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

export interface HttpAppOptions<Services> {
  /** The app's whole HTTP surface (routes.ts). */
  readonly routes: readonly Route<Services>[];
  /** Passed to every handler. */
  readonly services: Services;
  readonly logger: Logger;
  /** The process registry: request metrics go into it. */
  readonly registry: Registry;
  /** Prefix of the request metrics (`{service}_http_requests_total`). */
  readonly service: string;
  /** By name, the authenticators routes refer to in `auth`. */
  readonly authenticators?: Readonly<Record<string, Authenticator>>;
  /**
   * Largest body a route reads unless its body spec says otherwise.
   * @defaultValue 1 MiB
   */
  readonly bodyLimitBytes?: number;
  /** The app's own errors that are the caller's fault (bad input to a policy) as answers; others are 500. */
  readonly mapError?: (error: unknown) => HttpError | undefined;
}

/** The route template that served a request, kept for the request metrics. */
const routeTemplates = new WeakMap<Request, string>();

function labelRoute(template: string): RequestHandler {
  return (request, _response, next) => {
    routeTemplates.set(request, template);
    next();
  };
}

function measureRequests(registry: Registry, service: string): RequestHandler {
  const metrics = createHttpMetrics(registry, service);
  return (request, response, next) => {
    const startedAt = process.hrtime.bigint();
    response.once("finish", () => {
      const route = routeTemplates.get(request) ?? UNMATCHED_ROUTE;
      const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      metrics.requests.inc({ method: request.method, route, status: String(response.statusCode) });
      metrics.duration.observe({ method: request.method, route }, seconds);
    });
    next();
  };
}

function authenticate(authenticator: Authenticator): RequestHandler {
  return async (request, _response, next) => {
    try {
      await authenticator({
        method: request.method,
        path: request.originalUrl.split("?")[0] ?? "/",
        headers: request.headers,
        remoteAddress: request.ip,
      });
      next();
    } catch (error) {
      next(error);
    }
  };
}

/**
 * A JSON route refuses any other content type with a 415 before reading the body, instead of ignoring it
 * and reporting a missing field later. A request without a body passes (the schema names what is missing).
 */
const requireJson: RequestHandler = (request, _response, next) => {
  const empty = request.headers["content-length"] === "0";
  if (!empty && request.is("application/json") === false) {
    next(
      new HttpError(415, "unsupported-media-type", "send the body as JSON (Content-Type: application/json)", {
        field: "content-type",
      }),
    );
    return;
  }
  next();
};

function readBody<Services>(
  spec: BodySpec<Services>,
  services: Services,
  defaultLimit: number,
): RequestHandler[] {
  const limit =
    spec.limitBytes === undefined
      ? defaultLimit
      : typeof spec.limitBytes === "number"
        ? spec.limitBytes
        : spec.limitBytes(services);
  // Raw routes get the exact bytes received: a signature is checked over them, so nothing is inflated
  // first (a compressed body is refused with 415 rather than verified over bytes nobody signed).
  if (spec.kind === "raw") return [express.raw({ type: () => true, limit, inflate: false })];
  return [requireJson, express.json({ limit })];
}

function send(response: Response, result: HttpResult): void {
  response.status(result.status);
  for (const [name, value] of Object.entries(result.headers ?? {})) response.set(name, value);
  if (result.text !== undefined) {
    response.type(result.contentType ?? "text/plain; charset=utf-8").send(result.text);
  } else if (result.body === undefined) {
    response.end();
  } else {
    response.json(result.body);
  }
}

function runHandler<Services>(route: EndpointRoute<Services>, services: Services): RequestHandler {
  return async (request, response, next) => {
    try {
      let body: unknown;
      if (route.body?.kind === "raw") body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      else if (route.body?.kind === "json") {
        body = route.body.schema === undefined ? request.body : validateBody(route.body.schema, request.body);
      }
      const url = new URL(request.originalUrl, "http://request.invalid");
      const handlerRequest: HandlerRequest<unknown> = {
        method: request.method,
        path: url.pathname,
        params: request.params as Record<string, string>,
        query: url.searchParams,
        headers: request.headers,
        remoteAddress: request.ip,
        body,
      };
      const result = await route.handler(handlerRequest as HandlerRequest<never>, services);
      if (response.headersSent) return;
      send(response, result);
    } catch (error) {
      next(error);
    }
  };
}

/** Logs every state-changing request to a mounted application (who replayed what from Bull Board). */
function auditChanges(logger: Logger, application: string): RequestHandler {
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

function errorHandler(
  logger: Logger,
  mapError: ((error: unknown) => HttpError | undefined) | undefined,
): ErrorRequestHandler {
  return (error: unknown, request, response, _next) => {
    const answer = toHttpError(error, mapError);
    if (answer.status >= 500 || response.headersSent) {
      logger.error({ err: error, method: request.method, path: request.path }, "request failed");
    }
    if (response.headersSent) {
      // Part of the answer is out: the caller can only learn of the failure by the connection ending.
      response.destroy();
      return;
    }
    send(response, { status: answer.status, headers: answer.headers, body: answer.toBody() });
  };
}

function checkTable<Services>(
  routes: readonly Route<Services>[],
  authenticators: Readonly<Record<string, Authenticator>>,
): void {
  const seen = new Set<string>();
  for (const route of routes) {
    const key = route.kind === "mount" ? `mount ${route.path}` : `${route.method} ${route.path}`;
    if (seen.has(key)) throw new Error(`route table: ${key} is listed twice`);
    seen.add(key);
    if (route.auth !== "none" && route.auth !== "handler" && authenticators[route.auth] === undefined) {
      throw new Error(`route table: ${key} needs the authenticator "${route.auth}", which was not given`);
    }
    if (route.kind === "mount" && route.auth === "handler") {
      throw new Error(`route table: ${key} is a mount; its auth cannot be "handler"`);
    }
  }
}

/**
 * Turns a route table into an express application. Per route, in this order: the metrics label, auth
 * (before the body is read, so an anonymous caller cannot make the process read a large body), the body
 * reader with the route's limit, the schema check, the handler. A known path with another method is a 405
 * with `Allow`, anything else a 404, and every error leaves through the one error handler as the one error
 * body: no request can crash the process or get express' HTML page.
 */
export function createHttpApp<Services>(options: HttpAppOptions<Services>): Express {
  const { routes, services, logger } = options;
  const authenticators = options.authenticators ?? {};
  checkTable(routes, authenticators);
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const guard = (route: Route<Services>): RequestHandler[] => {
    const authenticator = authenticators[route.auth];
    return route.auth === "none" || route.auth === "handler" || authenticator === undefined
      ? []
      : [authenticate(authenticator)];
  };

  const app = express();
  app.disable("x-powered-by");
  app.use(measureRequests(options.registry, options.service));

  const methodsByPath = new Map<string, string[]>();
  for (const route of routes) {
    if (route.kind === "mount") {
      const mounted: MountRoute<Services> = route;
      app.use(
        mounted.path,
        labelRoute(`${mounted.path}/*`),
        ...guard(mounted),
        ...(mounted.audit === true ? [auditChanges(logger, mounted.summary)] : []),
        mounted.app(services),
      );
      continue;
    }
    const body = route.body === undefined ? [] : readBody(route.body, services, bodyLimit);
    app[
      route.method === "DELETE" ? "delete" : (route.method.toLowerCase() as "get" | "post" | "put" | "patch")
    ](route.path, labelRoute(route.path), ...guard(route), ...body, runHandler(route, services));
    methodsByPath.set(route.path, [...(methodsByPath.get(route.path) ?? []), route.method]);
  }
  for (const [path, methods] of methodsByPath) {
    const allow = methods.includes("GET") ? [...methods, "HEAD"] : methods;
    app.all(path, labelRoute(path), (request, _response, next) => {
      next(
        new HttpError(405, "method-not-allowed", `${request.method} is not allowed on ${path}`, {
          headers: { Allow: allow.join(", ") },
        }),
      );
    });
  }
  app.use((request, _response, next) => {
    next(new HttpError(404, "not-found", `no route ${request.method} ${request.path}`));
  });
  app.use(errorHandler(logger, options.mapError));
  return app;
}

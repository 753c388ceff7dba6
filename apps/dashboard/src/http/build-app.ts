import type { DashboardServices } from "../services.js";
import { auditChanges } from "./audit-log.js";
import { basicAuth } from "./basic-auth.js";
import type { Credentials } from "./credentials.js";
import { errorHandler, unknownRoute } from "./error-handler.js";
import { type ExpressApp, type ExpressResponse, express, type RequestHandler } from "./express.js";
import { labelRoute, measureRequests } from "./request-metrics.js";
import { requireJsonBody } from "./require-json.js";
import type { ApiResponse, BodyKind, EndpointRoute, RouteDefinition } from "./route.js";

/** QA and job bodies are small documents; only simulations carry a dataset. */
const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

export interface HttpSettings {
  readonly credentials: Credentials;
  /** Largest POST /api/simulations body (DASHBOARD_MAX_SIMULATION_BODY_MB). */
  readonly simulationBodyBytes: number;
}

/**
 * Turns the route table into an express application. Per route, in this order: the metrics label, auth
 * (before the body is read, so an anonymous caller cannot make the dashboard parse 32 MB), the JSON
 * body parser with the route's size limit, then the handler. Everything else is a JSON 404, and every
 * error goes through the one error handler.
 */
export function buildHttpApp(
  routes: readonly RouteDefinition[],
  services: DashboardServices,
  settings: HttpSettings,
): ExpressApp {
  const app = express();
  app.disable("x-powered-by");
  app.use(measureRequests(services.metrics));
  const auth = basicAuth(settings.credentials, services.logger, services.metrics);
  const bodyParsers: Record<BodyKind, RequestHandler> = {
    json: express.json({ limit: JSON_BODY_LIMIT_BYTES }),
    simulation: express.json({ limit: settings.simulationBodyBytes }),
  };

  for (const route of routes) {
    const guard = route.auth === "basic" ? [auth] : [];
    if (route.kind === "mount") {
      app.use(
        route.path,
        labelRoute(`${route.path}/*`),
        ...guard,
        auditChanges(services.logger, route.summary),
        route.app(services),
      );
      continue;
    }
    const body = route.body === undefined ? [] : [requireJsonBody, bodyParsers[route.body]];
    app[route.method](route.path, labelRoute(route.path), ...guard, ...body, runHandler(route, services));
  }
  app.use(unknownRoute);
  app.use(errorHandler(services.logger));
  return app;
}

function runHandler(route: EndpointRoute, services: DashboardServices): RequestHandler {
  return async (request, response, next) => {
    try {
      send(response, await route.handler({ params: request.params, body: request.body }, services));
    } catch (error) {
      next(error);
    }
  };
}

function send(response: ExpressResponse, answer: ApiResponse): void {
  for (const [name, value] of Object.entries(answer.headers ?? {})) response.set(name, value);
  response.status(answer.status);
  if (answer.text !== undefined) {
    response.type(answer.contentType ?? "text/plain").send(answer.text);
  } else if (answer.body === undefined) {
    response.end();
  } else {
    response.json(answer.body);
  }
}

/** What a mount route serves: an express application or router (Bull Board's ExpressAdapter router). */
export type { RequestHandler as ExpressHandler } from "express";
export { type Authenticator, type AuthRequest, type BasicAuthRefusal, basicAuth } from "./basic-auth.js";
export { createHttpApp, type HttpAppOptions } from "./create-http-app.js";
export { type CredentialCheck, type Credentials, matchCredentials } from "./credentials.js";
export {
  checkHealth,
  type HealthCheck,
  type HealthCheckResult,
  type HealthReport,
  healthRoute,
  metricsRoute,
  type Pingable,
  redisHealthCheck,
} from "./health.js";
export { badRequest, type ErrorBody, HttpError, type HttpErrorDetails } from "./http-error.js";
export { type HttpServer, type ListenOptions, listen } from "./listen.js";
export { errorResult, type HttpResult, json } from "./result.js";
export {
  type BodySpec,
  type EndpointRoute,
  endpoint,
  type Handler,
  type HandlerRequest,
  type HttpMethod,
  jsonBody,
  type MountRoute,
  mount,
  type Route,
  type RouteAuth,
  rawBody,
} from "./route.js";

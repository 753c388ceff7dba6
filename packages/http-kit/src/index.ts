/** What a mount route serves: an express application or router (Bull Board's ExpressAdapter router). */
export type { RequestHandler as ExpressHandler } from "express";
export { type Authenticator, type AuthRequest, type BasicAuthRefusal, basicAuth } from "./basic-auth.js";
export { createHttpApp, DEFAULT_BODY_LIMIT_BYTES, type HttpAppOptions } from "./create-http-app.js";
export {
  type CredentialCheck,
  type Credentials,
  checkCredentials,
  parseBasicAuthorization,
} from "./credentials.js";
export {
  checkHealth,
  DEFAULT_HEALTH_TIMEOUT_MS,
  type HealthCheck,
  type HealthCheckResult,
  type HealthReport,
  healthRoute,
  metricsRoute,
  type Pingable,
  redisHealthCheck,
} from "./health.js";
export {
  badRequest,
  ERROR_CODE_PATTERN,
  type ErrorBody,
  HttpError,
  type HttpErrorDetails,
} from "./http-error.js";
export { DEFAULT_CLOSE_GRACE_MS, type HttpServer, type ListenOptions, listen } from "./listen.js";
export { errorResult, type HttpResult, json, text } from "./result.js";
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
export { formatFieldPath } from "./validate.js";

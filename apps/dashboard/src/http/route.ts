import type { DashboardServices } from "../services.js";
import type { RequestHandler } from "./express.js";

/** "basic": HTTP Basic auth with the dashboard credentials; "none": open (health checks, Prometheus). */
export type RouteAuth = "basic" | "none";

/**
 * How a route's body is read. "json": up to 1 MiB of JSON; "simulation": JSON up to
 * DASHBOARD_MAX_SIMULATION_BODY_MB (an interactions CSV travels inside it). Routes without a body kind
 * do not read the body at all.
 */
export type BodyKind = "json" | "simulation";

/** What a handler sees of the request: path parameters and the parsed body, nothing of express. */
export interface ApiRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** A handler's answer as data: JSON (`body`) or text (`text` + `contentType`). */
export interface ApiResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly text?: string;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export type RouteHandler = (
  request: ApiRequest,
  services: DashboardServices,
) => ApiResponse | Promise<ApiResponse>;

export interface EndpointRoute {
  readonly kind: "endpoint";
  readonly method: "get" | "post";
  /** express 5 path syntax (`/api/simulations/:id`). */
  readonly path: string;
  readonly auth: RouteAuth;
  readonly body?: BodyKind;
  readonly summary: string;
  readonly handler: RouteHandler;
}

/** A whole sub-application under a path (Bull Board: its UI and its own API). */
export interface MountRoute {
  readonly kind: "mount";
  readonly path: string;
  readonly auth: RouteAuth;
  readonly summary: string;
  readonly app: (services: DashboardServices) => RequestHandler;
}

export type RouteDefinition = EndpointRoute | MountRoute;

export const json = (
  status: number,
  body: unknown,
  headers?: Readonly<Record<string, string>>,
): ApiResponse => (headers === undefined ? { status, body } : { status, body, headers });

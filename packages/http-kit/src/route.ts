import type { IncomingHttpHeaders } from "node:http";
import type { RequestHandler } from "express";
import type { z } from "zod";
import type { HttpResult } from "./result.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Who may call a route. "none": anyone (probes, Prometheus); "handler": the handler authenticates the
 * request itself (a signature over the exact body bytes); any other name: the authenticator of that name
 * given to createHttpApp, which runs before the body is read.
 */
export type RouteAuth = "none" | "handler" | (string & {});

/** A byte limit, fixed or read from the app's services (a configured maximum). */
export type ByteLimit<Services> = number | ((services: Services) => number);

/**
 * How a route's body is read. "json": `Content-Type: application/json` (anything else is a 415 before the
 * body is read), parsed, then checked against `schema` (a 400 naming the field). "raw": the exact bytes, any
 * content type. Routes without a body spec never read the body. Over `limitBytes` is a 413.
 */
export type BodySpec<Services> =
  | {
      readonly kind: "json";
      readonly schema?: z.ZodType;
      /** @defaultValue the app's bodyLimitBytes (1 MiB) */
      readonly limitBytes?: ByteLimit<Services>;
    }
  | {
      readonly kind: "raw";
      /** @defaultValue the app's bodyLimitBytes (1 MiB) */
      readonly limitBytes?: ByteLimit<Services>;
    };

/** What a handler sees of a request: enough to answer, nothing of express. */
export interface HandlerRequest<Body = undefined> {
  readonly method: string;
  /** The path as requested, without the query string. */
  readonly path: string;
  /** Path parameters (`/api/simulations/:id` -> `{ id }`). */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The caller's address (the socket's; a login throttle counts per address). */
  readonly remoteAddress: string | undefined;
  /** JSON routes: the parsed and checked body (undefined when none was sent); raw routes: the bytes. */
  readonly body: Body;
}

export type Handler<Services, Body = undefined> = (
  request: HandlerRequest<Body>,
  services: Services,
) => HttpResult | Promise<HttpResult>;

/** The body type a handler receives for a body spec. */
export type BodyOf<Spec> = Spec extends { readonly kind: "raw" }
  ? Buffer
  : Spec extends { readonly kind: "json"; readonly schema: infer Schema extends z.ZodType }
    ? z.output<Schema>
    : Spec extends { readonly kind: "json" }
      ? unknown
      : undefined;

interface RouteBase {
  /** express 5 path syntax (`/api/simulations/:id`); also the `route` label of the request metrics. */
  readonly path: string;
  readonly auth: RouteAuth;
  /** One line for the README's route table and the reader of routes.ts. */
  readonly summary: string;
}

export interface EndpointRoute<Services> extends RouteBase {
  readonly kind: "endpoint";
  readonly method: HttpMethod;
  readonly body?: BodySpec<Services>;
  readonly handler: Handler<Services, never>;
}

/**
 * An express application mounted under `path` (Bull Board, a static UI), behind the same auth and request
 * metrics as the endpoints. `audit`: state-changing requests to it (anything but GET/HEAD) are logged with
 * their outcome.
 */
export interface MountRoute<Services> extends RouteBase {
  readonly kind: "mount";
  readonly app: (services: Services) => RequestHandler;
  readonly audit?: boolean;
}

export type Route<Services> = EndpointRoute<Services> | MountRoute<Services>;

/**
 * One endpoint of the route table. The handler's body type follows from the body spec, so a handler for a
 * JSON body with a schema receives exactly the schema's output.
 */
export function endpoint<Services, const Spec extends BodySpec<Services> | undefined = undefined>(route: {
  readonly method: HttpMethod;
  readonly path: string;
  readonly auth: RouteAuth;
  readonly summary: string;
  readonly body?: Spec;
  readonly handler: Handler<Services, BodyOf<Spec>>;
}): EndpointRoute<Services> {
  const { body, ...rest } = route;
  return {
    kind: "endpoint",
    ...rest,
    ...(body === undefined ? {} : { body }),
    handler: route.handler as Handler<Services, never>,
  };
}

export function mount<Services>(route: Omit<MountRoute<Services>, "kind">): MountRoute<Services> {
  return { kind: "mount", ...route };
}

/** A JSON body checked against `schema` (its output is what the handler receives). */
export function jsonBody<const Schema extends z.ZodType, Services = unknown>(
  schema: Schema,
  options: { readonly limitBytes?: ByteLimit<Services> } = {},
): { readonly kind: "json"; readonly schema: Schema; readonly limitBytes?: ByteLimit<Services> } {
  return options.limitBytes === undefined
    ? { kind: "json", schema }
    : { kind: "json", schema, limitBytes: options.limitBytes };
}

/** The exact bytes of the body (signatures are computed over these). */
export function rawBody<Services = unknown>(
  options: { readonly limitBytes?: ByteLimit<Services> } = {},
): { readonly kind: "raw"; readonly limitBytes?: ByteLimit<Services> } {
  return options.limitBytes === undefined ? { kind: "raw" } : { kind: "raw", limitBytes: options.limitBytes };
}

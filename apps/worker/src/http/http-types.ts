import type { Registry } from "prom-client";
import type { JsonValue } from "../job-outcome.js";

export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
}

/** Handlers return data; the server writes it. A JSON body is serialised, a string is sent as is. */
export interface HttpResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string | JsonValue;
}

export interface HealthReport {
  readonly healthy: boolean;
  readonly checks: Readonly<Record<string, string>>;
}

/** What the HTTP handlers may read. */
export interface HttpServices {
  readonly registry: Registry;
  readonly health: () => HealthReport;
}

export type RouteHandler = (request: HttpRequest, services: HttpServices) => Promise<HttpResponse>;

export interface Route {
  readonly method: "GET";
  readonly path: string;
  readonly handler: RouteHandler;
}

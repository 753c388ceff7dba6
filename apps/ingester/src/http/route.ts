import type { IncomingHttpHeaders } from "node:http";
import type { HttpResult } from "./http-result.js";

/** What a handler gets to see of a request: enough to answer, nothing of Express. */
export interface HandlerRequest {
  readonly headers: IncomingHttpHeaders;
  /** The body exactly as received (empty for routes without `body: "raw"`): signatures are over these bytes. */
  readonly rawBody: Buffer;
}

export type Handler = (request: HandlerRequest) => HttpResult | Promise<HttpResult>;

export interface Route {
  readonly method: "GET" | "POST";
  /** Also the `route` label of the request metric, so it must be a template, never a concrete id. */
  readonly path: string;
  /** "raw": read the body (up to the body limit) as bytes into `rawBody`. */
  readonly body?: "raw";
  readonly handler: Handler;
}

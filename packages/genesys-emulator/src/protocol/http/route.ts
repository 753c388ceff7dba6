import type { IncomingHttpHeaders } from "node:http";
import type { EmulatorServices } from "../../services.js";
import type { RouteTemplate } from "./router.js";

export interface Caller {
  clientId: string;
  tokenId: string;
}

export interface RequestContext {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** Parsed JSON, or the fields of a form body; undefined when there was no body. */
  readonly body: unknown;
  readonly correlationId: string;
  /** Set on "bearer" routes (the pipeline rejects the request before the handler otherwise). */
  readonly caller: Caller | undefined;
  readonly services: EmulatorServices;
}

export interface RouteResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Who to record in the request log when the route authenticates on its own (POST /oauth/token). */
  loggedCaller?: Partial<Caller>;
}

export interface RouteDefinition extends RouteTemplate {
  /** "bearer": a valid token is required and the request counts against its rate limit. */
  auth: "bearer" | "none";
  /** Control routes (/__emulator/...) bypass faults, latency and the request log. */
  control?: boolean;
  handler(context: RequestContext): RouteResponse | Promise<RouteResponse>;
}

export class MissingCallerError extends Error {
  constructor() {
    super("A bearer route ran without an authenticated caller");
    this.name = "MissingCallerError";
  }
}

export function requireCaller(context: RequestContext): Caller {
  if (context.caller === undefined) throw new MissingCallerError();
  return context.caller;
}

export const ok = (body: unknown): RouteResponse => ({ status: 200, body });
export const accepted = (): RouteResponse => ({ status: 202 });
export const noContent = (): RouteResponse => ({ status: 204 });

import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";

// express 5 ships no type declarations and @types/express is not a dependency of this workspace, so the
// small part of express the dashboard uses is typed here. Loading it through `require` (rather than an
// ambient `declare module "express"`) keeps these types private to this app: another app declaring the
// module its own way cannot clash with them in the workspace-wide type check.

export interface ExpressRequest extends IncomingMessage {
  readonly method: string;
  /** Path relative to the mount point, without the query string. */
  readonly path: string;
  readonly originalUrl: string;
  readonly params: Readonly<Record<string, string>>;
  /** Set by the JSON body parser; undefined when the request had no body. */
  body: unknown;
  readonly ip: string | undefined;
  /** The matched route's path template (set once a route matched). */
  readonly route?: { readonly path: string } | undefined;
  is(type: string): string | false | null;
}

export interface ExpressResponse extends ServerResponse {
  status(code: number): this;
  json(body: unknown): this;
  send(body: string | Buffer): this;
  set(field: string, value: string): this;
  type(type: string): this;
}

export type NextFunction = (error?: unknown) => void;

export type RequestHandler = (
  request: ExpressRequest,
  response: ExpressResponse,
  next: NextFunction,
) => void | Promise<void>;

export type ErrorRequestHandler = (
  error: unknown,
  request: ExpressRequest,
  response: ExpressResponse,
  next: NextFunction,
) => void;

type Handler = RequestHandler | ErrorRequestHandler;

export interface ExpressApp {
  (request: IncomingMessage, response: ServerResponse): void;
  use(...handlers: Handler[]): ExpressApp;
  use(path: string, ...handlers: Handler[]): ExpressApp;
  get(path: string, ...handlers: RequestHandler[]): ExpressApp;
  post(path: string, ...handlers: RequestHandler[]): ExpressApp;
  put(path: string, ...handlers: RequestHandler[]): ExpressApp;
  patch(path: string, ...handlers: RequestHandler[]): ExpressApp;
  delete(path: string, ...handlers: RequestHandler[]): ExpressApp;
  disable(setting: string): ExpressApp;
  set(setting: string, value: unknown): ExpressApp;
}

export interface JsonParserOptions {
  /** Bytes; a larger body is refused with a 413 error before it is read whole. */
  readonly limit: number;
  /** Only objects and arrays (express' default). */
  readonly strict?: boolean;
}

interface ExpressModule {
  (): ExpressApp;
  json(options: JsonParserOptions): RequestHandler;
}

const require = createRequire(import.meta.url);

export const express = require("express") as ExpressModule;

/** What express' body parser attaches to the errors it raises (body-parser `type` names the failure). */
export interface BodyParserError {
  readonly status: number;
  readonly type: string;
  readonly limit?: number;
}

export function isBodyParserError(error: unknown): error is Error & BodyParserError {
  if (!(error instanceof Error)) return false;
  const candidate = error as Partial<BodyParserError>;
  return typeof candidate.status === "number" && typeof candidate.type === "string";
}

import { HttpError, type HttpErrorDetails } from "./http-error.js";

/**
 * What a handler answers, as data; the kit writes it. JSON when `body` is set, text when `text` is (with
 * `contentType`), an empty answer otherwise.
 */
export interface HttpResult {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Serialised as JSON. */
  readonly body?: unknown;
  /** Sent as it is, with `contentType` (default text/plain). */
  readonly text?: string;
  readonly contentType?: string;
}

export function json(status: number, body: unknown, headers?: Readonly<Record<string, string>>): HttpResult {
  return headers === undefined ? { status, body } : { status, body, headers };
}

export function text(status: number, content: string, contentType = "text/plain; charset=utf-8"): HttpResult {
  return { status, text: content, contentType };
}

/** The error body as a result, for handlers that answer errors rather than throw them. */
export function errorResult(
  status: number,
  error: { readonly code: string; readonly message: string } & Omit<HttpErrorDetails, "cause" | "headers">,
  headers?: Readonly<Record<string, string>>,
): HttpResult {
  return json(status, new HttpError(status, error.code, error.message, error).toBody(), headers);
}

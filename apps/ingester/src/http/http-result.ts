/**
 * What a handler answers, as data: the HTTP layer sends it. Errors are results too, so every bad request
 * leaves in one shape: `{ "error": { "code", "field", "message" } }`.
 */
export interface HttpResult {
  readonly status: number;
  /** Serialised as JSON, unless `contentType` is set (then `body` is sent as the text it is). */
  readonly body: unknown;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ErrorBody {
  readonly error: {
    readonly code: string;
    /** The request field at fault (a body field, a header), or null when no single field is. */
    readonly field: string | null;
    readonly message: string;
  };
}

export function jsonResult(
  status: number,
  body: unknown,
  headers?: Readonly<Record<string, string>>,
): HttpResult {
  return headers === undefined ? { status, body } : { status, body, headers };
}

export function errorResult(
  status: number,
  error: ErrorBody["error"],
  headers?: Readonly<Record<string, string>>,
): HttpResult {
  const body: ErrorBody = { error };
  return jsonResult(status, body, headers);
}

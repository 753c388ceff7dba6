/**
 * The one error body every app answers with:
 * `{ "error": { "code": "not-found", "field": null, "message": "...", "line"?: 3, "column"?: 5 } }`.
 * Codes are lower-case words joined by `-` (`payload-too-large`, `invalid-request`), the same spelling in
 * every app. Messages are written for the caller and never carry secrets or internals.
 */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    /** Dotted path of the request field at fault (`agents[2].skills.billing`, a header), or null. */
    readonly field: string | null;
    readonly message: string;
    /** For text inside the body (a CSV): where the problem is. */
    readonly line?: number;
    readonly column?: number;
  };
}

/** Where in the request the problem is, and the headers the answer carries (WWW-Authenticate, Retry-After). */
export interface HttpErrorDetails {
  readonly field?: string | null | undefined;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  readonly headers?: Readonly<Record<string, string>>;
  /** What went wrong underneath; logged for 5xx answers, never sent. */
  readonly cause?: unknown;
}

/** Lower-case words joined by single dashes: the one spelling of error codes. */
export const ERROR_CODE_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * An answer other than success, as data. Handlers (and anything they call) throw it, or return
 * `error.toResult()`; the one error handler writes it.
 */
export class HttpError extends Error {
  override readonly name = "HttpError";
  readonly field: string | null;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    details: HttpErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.field = details.field === undefined || details.field === "" ? null : details.field;
    this.line = details.line;
    this.column = details.column;
    this.headers = details.headers ?? {};
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        field: this.field,
        message: this.message,
        ...(this.line === undefined ? {} : { line: this.line }),
        ...(this.column === undefined ? {} : { column: this.column }),
      },
    };
  }
}

export const badRequest = (
  code: string,
  message: string,
  details: Omit<HttpErrorDetails, "headers"> = {},
): HttpError => new HttpError(400, code, message, details);

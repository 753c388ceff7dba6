/** Where in the request the problem is: a dotted field path, and for CSV/JSON text the line and column. */
export interface ErrorLocation {
  readonly field?: string | undefined;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

/** The body of every error answer: `{ "error": { code, field, message, line?, column? } }`. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    /** Dotted path of the offending input (`agents[2].skills.billing`), or null when no field is at fault. */
    readonly field: string | null;
    readonly message: string;
    readonly line?: number;
    readonly column?: number;
  };
}

/**
 * An answer other than success, as data: handlers throw (or map to) one of these and the one central
 * error handler writes it. Messages are written for the caller and never contain secrets.
 */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly location: ErrorLocation = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    const { field, line, column } = this.location;
    return {
      error: {
        code: this.code,
        field: field === undefined || field === "" ? null : field,
        message: this.message,
        ...(line === undefined ? {} : { line }),
        ...(column === undefined ? {} : { column }),
      },
    };
  }
}

export const badRequest = (code: string, message: string, location: ErrorLocation = {}): ApiError =>
  new ApiError(400, code, message, location);

export const notFound = (code: string, message: string, field?: string): ApiError =>
  new ApiError(404, code, message, { field });

export const payloadTooLarge = (message: string, field?: string): ApiError =>
  new ApiError(413, "payload_too_large", message, { field });

import { HttpError } from "./http-error.js";

/** What express' body parsers (body-parser, raw-body) attach to the errors they raise. */
interface BodyReadError {
  readonly status: number;
  readonly type: string;
  readonly limit?: number;
}

function isBodyReadError(error: unknown): error is Error & BodyReadError {
  if (!(error instanceof Error)) return false;
  const candidate = error as Partial<BodyReadError>;
  return typeof candidate.status === "number" && typeof candidate.type === "string";
}

/** V8 quotes part of the body in some JSON.parse messages; the body is the caller's data, never echoed. */
function withoutExcerpt(message: string): string {
  return message.replace(/, ".*" is not valid JSON$/s, "");
}

function fromBodyReadError(error: Error & BodyReadError): HttpError {
  switch (error.type) {
    case "entity.too.large":
      return new HttpError(
        413,
        "payload-too-large",
        `request body is larger than the ${error.limit ?? "configured"} bytes this route accepts`,
        { field: "body" },
      );
    case "entity.parse.failed":
      return new HttpError(
        400,
        "invalid-json",
        `request body is not valid JSON: ${withoutExcerpt(error.message)}`,
        {
          field: "body",
        },
      );
    case "encoding.unsupported":
    case "charset.unsupported":
      return new HttpError(415, "unsupported-encoding", error.message, { field: "content-encoding" });
    default:
      return new HttpError(
        error.status >= 400 && error.status < 500 ? error.status : 400,
        "bad-request",
        "the request body could not be read",
        { field: "body" },
      );
  }
}

/**
 * What the caller is told about `error`: an HttpError as it is; a body that could not be read as the 4xx
 * it is; what the app's own mapping recognises (its input errors); anything else a 500 that says nothing
 * about internals (the error handler logs the original).
 */
export function toHttpError(error: unknown, mapError?: (error: unknown) => HttpError | undefined): HttpError {
  if (error instanceof HttpError) return error;
  if (isBodyReadError(error)) return fromBodyReadError(error);
  const mapped = mapError?.(error);
  if (mapped !== undefined) return mapped;
  return new HttpError(500, "internal-error", "internal error: the service log has the details");
}

import { type ApiError, badRequest } from "../protocol/http/api-error.js";
import { IsoFormatError, parseIsoDuration, parseIsoInterval } from "../time/iso.js";

/** The 400s both analytics query parsers answer, worded as Genesys words them, each naming the field. */
export function missingField(field: string): ApiError {
  return badRequest("missing.property", "Missing required field '{field}'", { field }, field);
}

export function unsupportedDimension(
  field: string,
  dimension: string,
  supported: readonly string[],
): ApiError {
  return badRequest(
    "invalid.value",
    "Invalid value for field '{field}': dimension {dimension} is not supported by the emulator (use one of {supported})",
    { field, dimension, supported: supported.join(", ") },
    field,
  );
}

function invalidIso(field: string, error: unknown): ApiError {
  if (!(error instanceof IsoFormatError)) throw error;
  return badRequest(
    "invalid.value",
    "Invalid value for field '{field}': {reason}",
    { field, reason: error.message },
    field,
  );
}

/** An ISO-8601 interval field ("start/end"), or a 400 naming it. */
export function parseIntervalField(value: string, field: string): { start: number; end: number } {
  try {
    return parseIsoInterval(value);
  } catch (error) {
    throw invalidIso(field, error);
  }
}

/** An ISO-8601 duration field ("PT1H"), or a 400 naming it. */
export function parseDurationField(value: string, field: string): number {
  try {
    return parseIsoDuration(value);
  } catch (error) {
    throw invalidIso(field, error);
  }
}

import type { z } from "zod";
import { ApiError, type ErrorDetail } from "./api-error.js";

/** Renders a zod path the way a caller would write the field: skills[2].proficiency. */
export function formatFieldPath(path: readonly PropertyKey[], root = "body"): string {
  let rendered = "";
  for (const segment of path) {
    if (typeof segment === "number") rendered += `[${segment}]`;
    else rendered += rendered === "" ? String(segment) : `.${String(segment)}`;
  }
  return rendered === "" ? root : rendered;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/**
 * Parses input with the schema or throws a 400 ErrorBody naming the first bad field (every bad field is
 * listed in details).
 */
export function parseOrThrow<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  root = "body",
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details: ErrorDetail[] = result.error.issues.map((issue) => {
    const missing = issue.code === "invalid_type" && valueAt(input, issue.path) === undefined;
    return {
      errorCode: missing ? "missing.property" : "invalid.value",
      fieldName: formatFieldPath(issue.path, root),
    };
  });
  const first = result.error.issues[0];
  const firstDetail = details[0];
  const field = firstDetail?.fieldName ?? root;
  const missing = firstDetail?.errorCode === "missing.property";
  return throwError(
    new ApiError({
      status: 400,
      code: missing ? "missing.property" : "invalid.value",
      messageWithParams: missing
        ? "Missing required field '{field}'"
        : "Invalid value for field '{field}': {reason}",
      messageParams: { field, reason: first?.message ?? "invalid" },
      details,
    }),
  );
}

function throwError(error: ApiError): never {
  throw error;
}

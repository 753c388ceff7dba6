import type { z } from "zod";
import { badRequest } from "./http-error.js";

/**
 * Parses a request body with `schema`, or throws a 400 `invalid-request` naming the first offending field
 * in the notation core uses for its own errors: `agents[2].skills.billing`.
 */
export function validateBody<Schema extends z.ZodType>(schema: Schema, value: unknown): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue === undefined) throw badRequest("invalid-request", "request is invalid", { field: "body" });
  const path = [...issue.path];
  // An unknown key is the caller's typo (`minscore`): name the key itself, not the object holding it.
  if (issue.code === "unrecognized_keys" && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  const field = formatFieldPath(path);
  const message =
    issue.code === "unrecognized_keys"
      ? `unknown field "${field}"`
      : `${field === "" ? "body" : field}: ${issue.message}`;
  throw badRequest("invalid-request", message, { field: field === "" ? "body" : field });
}

/** `["agents", 2, "skills", "billing"]` -> `agents[2].skills.billing`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text === "" ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

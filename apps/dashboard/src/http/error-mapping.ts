import { AgentRosterError, InputError, InvalidInputError, PolicyConfigError } from "@routing/core";
import { JobPayloadError, UnknownJobError } from "@routing/jobs";
import { ApiError, badRequest } from "./api-error.js";
import { isBodyParserError } from "./express.js";

/**
 * Turns what a handler (or express' body parser) threw into the answer to give. Bad input from the caller
 * becomes a 4xx naming the field; anything unknown is a 500 whose message says nothing about internals
 * (the central error handler logs the original).
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isBodyParserError(error)) return fromBodyParser(error);
  if (error instanceof InputError) {
    return badRequest("invalid_input", error.message, {
      field: error.field,
      line: error.line,
      column: error.column,
    });
  }
  if (error instanceof AgentRosterError) {
    return badRequest("invalid_agents", error.message, { field: rosterField(error) });
  }
  if (error instanceof PolicyConfigError) {
    return badRequest("invalid_options", error.message, { field: error.field });
  }
  if (error instanceof InvalidInputError) {
    return badRequest("invalid_input", error.message, { field: error.field });
  }
  if (error instanceof JobPayloadError) {
    return badRequest("invalid_job_payload", error.message, { field: error.field });
  }
  if (error instanceof UnknownJobError) {
    return new ApiError(404, "unknown_job", error.message, { field: "name" });
  }
  return new ApiError(500, "internal_error", "internal error: the dashboard log has the details");
}

/** `agents[3].skills.billing` from the roster error's index and field (core keeps them apart). */
export function rosterField(error: AgentRosterError, root = "agents"): string {
  const entry = error.agentIndex === undefined ? root : `${root}[${error.agentIndex}]`;
  return error.field === undefined ? entry : `${entry}.${error.field}`;
}

function fromBodyParser(error: Error & { status: number; type: string; limit?: number }): ApiError {
  switch (error.type) {
    case "entity.too.large":
      return new ApiError(
        413,
        "payload_too_large",
        `request body is larger than the ${error.limit ?? "configured"} bytes this route accepts`,
        { field: "body" },
      );
    case "entity.parse.failed":
      // V8 quotes part of the body in some messages; the body is the caller's data, so it is not echoed.
      return badRequest("invalid_json", `request body is not valid JSON: ${withoutExcerpt(error.message)}`, {
        field: "body",
      });
    case "encoding.unsupported":
    case "charset.unsupported":
      return new ApiError(415, "unsupported_encoding", error.message, { field: "content-encoding" });
    default:
      return new ApiError(
        error.status >= 400 && error.status < 500 ? error.status : 400,
        "bad_request",
        error.message,
        {
          field: "body",
        },
      );
  }
}

function withoutExcerpt(message: string): string {
  return message.replace(/, ".*" is not valid JSON$/s, "");
}

import { AgentRosterError, InputError, InvalidInputError, PolicyConfigError } from "@routing/core";
import { DecisionQueryError } from "@routing/decision-log";
import { badRequest, HttpError } from "@routing/http-kit";
import { JobPayloadError, UnknownJobError } from "@routing/jobs";

/**
 * The dashboard's own errors that are the caller's fault, as the answer to give (a 400 naming the field):
 * what core and the job catalog throw for bad input. Anything else is left to the kit (a 500 that says
 * nothing about internals; the original is logged).
 */
export function mapDashboardError(error: unknown): HttpError | undefined {
  if (error instanceof InputError) {
    return badRequest("invalid-input", error.message, {
      field: error.field,
      line: error.line,
      column: error.column,
    });
  }
  if (error instanceof AgentRosterError) {
    return badRequest("invalid-agents", error.message, { field: rosterField(error) });
  }
  if (error instanceof PolicyConfigError) {
    return badRequest("invalid-options", error.message, { field: error.field });
  }
  if (error instanceof InvalidInputError) {
    return badRequest("invalid-input", error.message, { field: error.field });
  }
  if (error instanceof JobPayloadError) {
    return badRequest("invalid-job-payload", error.message, { field: error.field });
  }
  if (error instanceof UnknownJobError) {
    return new HttpError(404, "unknown-job", error.message, { field: "name" });
  }
  if (error instanceof DecisionQueryError) {
    return badRequest("invalid-query", error.message.replace(error.field, queryField(error.field)), {
      field: queryField(error.field),
    });
  }
  return undefined;
}

/** The log's option names as the decision APIs' query parameters call them. */
function queryField(field: string): string {
  return ({ fromMs: "from", toMs: "to", conversationId: "id" } as Record<string, string>)[field] ?? field;
}

/** `agents[3].skills.billing` from the roster error's index and field (core keeps them apart). */
export function rosterField(error: AgentRosterError, root = "agents"): string {
  const entry = error.agentIndex === undefined ? root : `${root}[${error.agentIndex}]`;
  return error.field === undefined ? entry : `${entry}.${error.field}`;
}

import { AgentRosterError, InputError, InvalidInputError, PolicyConfigError } from "@routing/core";
import { DecisionQueryError } from "@routing/decision-log";
import { badRequest, HttpError } from "@routing/http-kit";
import { JobPayloadError, UnknownJobError } from "@routing/jobs";

/** Seconds a caller is told to wait when Redis cannot be reached (ioredis reconnects within a few). */
const DEPENDENCY_RETRY_AFTER_SECONDS = 5;

/** What ioredis rejects a command with while it has no connection (its messages are its API here). */
const REDIS_CONNECTION_MESSAGES = new Set([
  // The connection was closed (disconnect(), or lost without reconnecting).
  "Connection is closed.",
  // enableOfflineQueue: false while disconnected.
  "Stream isn't writeable and enableOfflineQueue options is false",
  // commandTimeout elapsed.
  "Command timed out",
]);
/** Socket errors: Redis refused, reset, or is not reachable. */
const NETWORK_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
/** Redis' own "not now" replies: loading its data set, or a replica that lost its master. */
const UNAVAILABLE_REPLY = /^(LOADING|MASTERDOWN|TRYAGAIN)\b/;

/**
 * Whether `error` (or what it wraps) says Redis could not be asked, as opposed to Redis answering with an
 * error (a bug: a 500). MaxRetriesPerRequestError is what a queued command gets when reconnecting failed.
 */
function isRedisUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current.name === "MaxRetriesPerRequestError") return true;
    if (REDIS_CONNECTION_MESSAGES.has(current.message)) return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && NETWORK_ERROR_CODES.has(code)) return true;
    if (current.name === "ReplyError" && UNAVAILABLE_REPLY.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

/**
 * The dashboard's own errors, as the answer to give: what core and the job catalog throw for bad input (a
 * 400 naming the field), and Redis out of reach (a 503 with Retry-After: the login throttle, the session
 * revocations and every store are in Redis, so nothing can be decided; the request is refused, never let
 * through). Anything else is left to the kit (a 500 that says nothing about internals). The kit's error
 * handler logs the original of every 5xx once, with the method and path only: never headers or body.
 */
export function mapDashboardError(error: unknown): HttpError | undefined {
  if (isRedisUnavailable(error)) {
    return new HttpError(
      503,
      "dependency-unavailable",
      "the dashboard cannot reach its data store right now: try again shortly",
      { headers: { "Retry-After": String(DEPENDENCY_RETRY_AFTER_SECONDS) }, cause: error },
    );
  }
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

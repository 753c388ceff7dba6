import {
  GenesysApiError,
  type GenesysApiErrorInit,
  GenesysAuthError,
  type GenesysErrorDetail,
  GenesysNetworkError,
  GenesysRateLimitError,
} from "./errors.js";
import type { HttpFailure } from "./http-executor.js";
import type { Redactor } from "./redaction.js";
import { readCorrelationId, readRateLimitHeaders } from "./response-headers.js";
import { type RetryPolicy, rateLimitDelayMs } from "./retry-policy.js";

/**
 * ErrorBody codes that mean "throttled" whatever the status: Genesys' normalised 429 code and the older one
 * (developer.genesys.cloud/forum/t/normalized-platform-api-429-responses/12028; shared/genesys-api.md).
 */
export const RATE_LIMIT_CODES: ReadonlySet<string> = new Set([
  "too.many.requests.retry.after",
  "too.many.requests",
]);

export interface ErrorContext {
  readonly method: string;
  readonly pathTemplate: string;
  readonly redactor: Redactor;
  readonly retryPolicy: RetryPolicy;
  readonly now: () => number;
}

/** The fields of a Genesys ErrorBody we use (and, for the login host, OAuth's `error`/`error_description`). */
interface ParsedErrorBody {
  readonly message?: string;
  readonly code?: string;
  readonly contextId?: string;
  readonly details: readonly GenesysErrorDetail[];
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

function parseDetails(value: unknown): GenesysErrorDetail[] {
  if (!Array.isArray(value)) return [];
  const details: GenesysErrorDetail[] = [];
  for (const item of value) {
    if (item === null || typeof item !== "object") continue;
    const record = item as Record<string, unknown>;
    const errorCode = stringField(record, "errorCode");
    const fieldName = stringField(record, "fieldName");
    const entityId = stringField(record, "entityId");
    const entityName = stringField(record, "entityName");
    details.push({
      ...(errorCode === undefined ? {} : { errorCode }),
      ...(fieldName === undefined ? {} : { fieldName }),
      ...(entityId === undefined ? {} : { entityId }),
      ...(entityName === undefined ? {} : { entityName }),
    });
  }
  return details;
}

export function parseErrorBody(body: unknown): ParsedErrorBody {
  let value = body;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return { details: [] };
    }
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return { details: [] };
  const record = value as Record<string, unknown>;
  const message =
    stringField(record, "message") ??
    stringField(record, "error_description") ??
    stringField(record, "description");
  const code = stringField(record, "code") ?? stringField(record, "error");
  const contextId = stringField(record, "contextId");
  return {
    ...(message === undefined ? {} : { message }),
    ...(code === undefined ? {} : { code }),
    ...(contextId === undefined ? {} : { contextId }),
    details: parseDetails(record.details),
  };
}

function sanitisedCause(failure: HttpFailure, redactor: Redactor): Error | undefined {
  if (failure.lowLevel === undefined) return undefined;
  const cause = new Error(redactor.redact(failure.lowLevel.message));
  if (failure.lowLevel.code !== undefined) cause.name = failure.lowLevel.code;
  return cause;
}

/**
 * Builds the typed error for a failed call from the response status, ErrorBody and headers (never from a
 * message). `asAuthError` is set for the token request, whose HTTP failures are authentication failures.
 */
export function toGenesysError(
  failure: HttpFailure,
  context: ErrorContext,
  asAuthError = false,
): GenesysApiError {
  const { method, pathTemplate, redactor } = context;
  const outcome = failure.failure;
  if (outcome.kind !== "status") {
    const code = outcome.kind === "timeout" ? "request.timeout" : (failure.lowLevel?.code ?? "network.error");
    const what = outcome.kind === "timeout" ? "timed out" : "got no response";
    return new GenesysNetworkError({
      message: `${method} ${pathTemplate} ${what} (${code})`,
      status: 0,
      code,
      method,
      pathTemplate,
      retryable: true,
      cause: sanitisedCause(failure, redactor),
    });
  }

  const parsed = parseErrorBody(failure.body);
  const header = outcome.header;
  const init: GenesysApiErrorInit = {
    message: redactor.redact(
      parsed.message ?? `${method} ${pathTemplate} failed with HTTP ${outcome.status}`,
    ),
    status: outcome.status,
    code: parsed.code === undefined ? `http.${outcome.status}` : redactor.redact(parsed.code),
    method,
    pathTemplate,
    correlationId: readCorrelationId(header),
    contextId: parsed.contextId,
    details: parsed.details,
  };
  if (outcome.status === 429 || (parsed.code !== undefined && RATE_LIMIT_CODES.has(parsed.code))) {
    const rateLimit = readRateLimitHeaders(header);
    return new GenesysRateLimitError({
      ...init,
      retryAfterMs: rateLimitDelayMs(header, failure.retries, context.retryPolicy, context.now()),
      limit: rateLimit?.allowed,
      count: rateLimit?.count,
    });
  }
  return asAuthError ? new GenesysAuthError(init) : new GenesysApiError(init);
}

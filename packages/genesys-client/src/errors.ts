/**
 * Every error this package throws. All fields are plain data built from the Genesys ErrorBody and response
 * headers; none of them ever holds a credential, token or request body, so they are safe to log, to
 * serialise and to put in a job's failure reason.
 */

export interface GenesysErrorDetail {
  readonly errorCode?: string;
  readonly fieldName?: string;
  readonly entityId?: string;
  readonly entityName?: string;
}

export interface GenesysApiErrorInit {
  readonly message: string;
  readonly status: number;
  readonly code: string;
  readonly method: string;
  readonly pathTemplate: string;
  readonly correlationId?: string | undefined;
  readonly contextId?: string | undefined;
  readonly retryable?: boolean | undefined;
  readonly details?: readonly GenesysErrorDetail[] | undefined;
  readonly cause?: Error | undefined;
}

/** Statuses worth another attempt later: timeouts, throttling and transient server failures. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return status === 0 || RETRYABLE_STATUSES.has(status);
}

export class GenesysApiError extends Error {
  override readonly name: string = "GenesysApiError";
  readonly status: number;
  readonly code: string;
  readonly method: string;
  /** The route with placeholders (`/api/v2/users/{userId}/routingskills`), never ids: safe as a metric label. */
  readonly pathTemplate: string;
  readonly correlationId: string | undefined;
  readonly contextId: string | undefined;
  readonly retryable: boolean;
  readonly details: readonly GenesysErrorDetail[];

  constructor(init: GenesysApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.method = init.method;
    this.pathTemplate = init.pathTemplate;
    this.correlationId = init.correlationId;
    this.contextId = init.contextId;
    this.retryable = init.retryable ?? isRetryableStatus(init.status);
    this.details = init.details ?? [];
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      code: this.code,
      method: this.method,
      pathTemplate: this.pathTemplate,
      correlationId: this.correlationId,
      contextId: this.contextId,
      retryable: this.retryable,
      details: this.details,
      ...(this.cause instanceof Error
        ? { cause: { name: this.cause.name, message: this.cause.message } }
        : {}),
    };
  }
}

export interface GenesysRateLimitErrorInit extends GenesysApiErrorInit {
  readonly retryAfterMs: number;
  readonly limit?: number | undefined;
  readonly count?: number | undefined;
}

/** A 429. Not retried in-process by default: the caller pauses every worker for `retryAfterMs`. */
export class GenesysRateLimitError extends GenesysApiError {
  override readonly name: string = "GenesysRateLimitError";
  readonly retryAfterMs: number;
  /** `inin-ratelimit-allowed`, when Genesys sent it. */
  readonly limit: number | undefined;
  /** `inin-ratelimit-count`, when Genesys sent it. */
  readonly count: number | undefined;

  constructor(init: GenesysRateLimitErrorInit) {
    super({ ...init, retryable: true });
    this.retryAfterMs = init.retryAfterMs;
    this.limit = init.limit;
    this.count = init.count;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs, limit: this.limit, count: this.count };
  }
}

/** The token request failed (bad credentials, login host error, malformed token response...). */
export class GenesysAuthError extends GenesysApiError {
  override readonly name: string = "GenesysAuthError";
}

/**
 * An API call kept getting 401 although the client invalidated its token, minted a new one and replayed the
 * call (`maxTokenReplays` times). A new token can still be had, so this is not a permanent failure: the job
 * is retried later (`retryable`, never `isPermanentGenesysError`). Bad client credentials fail on the token
 * request instead, as a non-retryable `GenesysAuthError`.
 */
export class GenesysTokenRejectedError extends GenesysApiError {
  override readonly name: string = "GenesysTokenRejectedError";

  constructor(init: GenesysApiErrorInit) {
    super({ ...init, retryable: true });
  }
}

export interface GenesysCircuitOpenErrorInit {
  readonly method: string;
  readonly pathTemplate: string;
  /** When the endpoint's circuit lets a probe through again. */
  readonly retryAfterMs: number;
  readonly consecutiveFailures: number;
}

/**
 * The endpoint (method + path template) failed with 5xx/timeouts `circuitFailureThreshold` times in a row, so
 * calls to it fail fast for `circuitCoolDownMs` without a request (and without spending the rate budget).
 * Retryable: a worker delays the job by `retryAfterMs`.
 */
export class GenesysCircuitOpenError extends GenesysApiError {
  override readonly name: string = "GenesysCircuitOpenError";
  readonly retryAfterMs: number;
  readonly consecutiveFailures: number;

  constructor(init: GenesysCircuitOpenErrorInit) {
    super({
      message: `${init.method} ${init.pathTemplate} is failing (${init.consecutiveFailures} failures in a row); calls fail fast for ${Math.ceil(init.retryAfterMs)} ms`,
      status: 0,
      code: "circuit.open",
      method: init.method,
      pathTemplate: init.pathTemplate,
      retryable: true,
    });
    this.retryAfterMs = init.retryAfterMs;
    this.consecutiveFailures = init.consecutiveFailures;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      retryAfterMs: this.retryAfterMs,
      consecutiveFailures: this.consecutiveFailures,
    };
  }
}

/** No HTTP response at all (refused, reset, DNS, timeout). `cause` is a sanitised copy of the low-level error. */
export class GenesysNetworkError extends GenesysApiError {
  override readonly name: string = "GenesysNetworkError";
}

/** An argument failed validation before any request was sent. */
export class GenesysValidationError extends Error {
  override readonly name: string = "GenesysValidationError";
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`${field} ${problem}`);
    this.field = field;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, field: this.field };
  }
}

/** A client option is missing or invalid. */
export class GenesysClientOptionsError extends Error {
  override readonly name: string = "GenesysClientOptionsError";
  readonly option: string;

  constructor(option: string, problem: string) {
    super(`Invalid Genesys client option "${option}": ${problem}`);
    this.option = option;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, option: this.option };
  }
}

const NOT_PERMANENT_CLIENT_STATUSES: ReadonlySet<number> = new Set([408, 409, 429]);

/**
 * True when repeating the same call cannot succeed: a 4xx other than 408 (timeout), 409 (conflict: re-read
 * and retry) and 429 (throttled), or an argument that failed validation. Workers turn these into
 * BullMQ's UnrecoverableError. An error marked `retryable` (a 401 the client could not cure with a new token
 * this time, an open circuit) is never permanent.
 */
export function isPermanentGenesysError(error: unknown): boolean {
  if (error instanceof GenesysValidationError) return true;
  if (!(error instanceof GenesysApiError) || error.retryable) return false;
  return error.status >= 400 && error.status < 500 && !NOT_PERMANENT_CLIENT_STATUSES.has(error.status);
}

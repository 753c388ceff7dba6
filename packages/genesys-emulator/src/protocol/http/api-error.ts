/**
 * Errors are data: a handler throws an ApiError (or returns an error response) and the one central error
 * handler turns it into a Genesys ErrorBody with the request's correlation id as contextId.
 */
export interface ErrorDetail {
  errorCode: string;
  fieldName?: string;
  entityId?: string;
  entityName?: string;
}

export interface ErrorBody {
  message: string;
  code: string;
  status: number;
  contextId: string;
  details: ErrorDetail[];
  errors: ErrorBody[];
  messageWithParams: string;
  messageParams: Record<string, string>;
}

export interface ApiErrorInit {
  status: number;
  code: string;
  /** May contain {name} placeholders filled from messageParams. */
  messageWithParams: string;
  messageParams?: Record<string, string>;
  details?: ErrorDetail[];
  headers?: Record<string, string>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageWithParams: string;
  readonly messageParams: Record<string, string>;
  readonly details: ErrorDetail[];
  readonly headers: Record<string, string>;

  constructor(init: ApiErrorInit) {
    const params = init.messageParams ?? {};
    super(fillParams(init.messageWithParams, params));
    this.name = "ApiError";
    this.status = init.status;
    this.code = init.code;
    this.messageWithParams = init.messageWithParams;
    this.messageParams = params;
    this.details = init.details ?? [];
    this.headers = init.headers ?? {};
  }

  toBody(contextId: string): ErrorBody {
    return {
      message: this.message,
      code: this.code,
      status: this.status,
      contextId,
      details: this.details,
      errors: [],
      messageWithParams: this.messageWithParams,
      messageParams: this.messageParams,
    };
  }
}

function fillParams(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** The stock message and code Genesys answers with for each status when nothing more specific applies. */
const STOCK_ERRORS: Record<number, { code: string; message: string }> = {
  400: {
    code: "bad.request",
    message: "The request could not be understood by the server due to malformed syntax.",
  },
  401: { code: "bad.credentials", message: "Invalid login credentials." },
  403: { code: "not.authorized", message: "You are not authorized to perform the requested action." },
  404: { code: "not.found", message: "The requested resource was not found." },
  405: { code: "method.not.allowed", message: "The requested method is not allowed on this resource." },
  408: {
    code: "request.timeout",
    message: "The client did not produce a request within the server timeout limit.",
  },
  409: {
    code: "request.conflict",
    message:
      "The request could not be completed because of a conflict with the current state of the resource.",
  },
  413: { code: "request.entity.too.large", message: "The request is over the size limit." },
  415: {
    code: "unsupported.media.type",
    message: "Unsupported Media Type - Unsupported or incorrect media type.",
  },
  429: { code: "too.many.requests", message: "Rate limit exceeded the maximum requests." },
  500: {
    code: "internal.server.error",
    message: "The server encountered an unexpected condition which prevented it from fulfilling the request.",
  },
  501: { code: "not.implemented", message: "Not Implemented" },
  502: { code: "bad.gateway", message: "Bad Gateway" },
  503: {
    code: "service.unavailable",
    message:
      "Service Unavailable - The server is currently unavailable (because it is overloaded or down for maintenance).",
  },
  504: { code: "gateway.timeout", message: "The request timed out." },
};

export function stockError(status: number, overrides: Partial<ApiErrorInit> = {}): ApiError {
  const stock = STOCK_ERRORS[status] ?? { code: `http.${status}`, message: `HTTP ${status}` };
  return new ApiError({
    status,
    code: overrides.code ?? stock.code,
    messageWithParams: overrides.messageWithParams ?? stock.message,
    ...(overrides.messageParams === undefined ? {} : { messageParams: overrides.messageParams }),
    ...(overrides.details === undefined ? {} : { details: overrides.details }),
    ...(overrides.headers === undefined ? {} : { headers: overrides.headers }),
  });
}

export function notFound(what: string, id: string): ApiError {
  return new ApiError({
    status: 404,
    code: "not.found",
    messageWithParams: "{entity} not found: {id}",
    messageParams: { entity: what, id },
    details: [{ errorCode: "not.found", entityId: id, entityName: what }],
  });
}

export function badRequest(
  code: string,
  messageWithParams: string,
  messageParams: Record<string, string> = {},
  fieldName?: string,
): ApiError {
  return new ApiError({
    status: 400,
    code,
    messageWithParams,
    messageParams,
    details: fieldName === undefined ? [] : [{ errorCode: code, fieldName }],
  });
}

/**
 * A 429 the way Genesys answers it since its normalisation of November 2021 ("Normalized Platform API 429
 * responses", https://developer.genesys.cloud/forum/t/normalized-platform-api-429-responses/12028): code
 * `too.many.requests.retry.after`, `Retry-After` in seconds, and this message.
 */
export function rateLimitExceeded(retryAfterSeconds: number, headers: Record<string, string>): ApiError {
  return new ApiError({
    status: 429,
    code: "too.many.requests.retry.after",
    messageWithParams: "Rate limit exceeded the maximum. Retry the request in [{seconds}] seconds",
    messageParams: { seconds: String(retryAfterSeconds) },
    headers: { ...headers, "retry-after": String(retryAfterSeconds) },
  });
}

/**
 * The older 429 (`too.many.requests`) some paths answered with before the normalisation; kept for fault
 * injection so clients can be tested against both (see shared/genesys-api.md).
 */
export function legacyRateLimitExceeded(
  limit: number,
  windowMs: number,
  code: string,
  headers: Record<string, string>,
): ApiError {
  return new ApiError({
    status: 429,
    code,
    messageWithParams: "Rate limit exceeded the maximum [{limit}] requests within [{seconds}] seconds",
    messageParams: { limit: String(limit), seconds: formatSeconds(windowMs) },
    headers,
  });
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(3).replace(/0+$/, "");
}

import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ContactCentreError } from "../../contact-centre/contact-centre-error.js";
import type { EmulatorServices } from "../../services.js";
import { ApiError, legacyRateLimitExceeded, rateLimitExceeded, stockError } from "./api-error.js";
import { parseForm, parseJsonBody, readRawBody, redactForm } from "./body.js";
import type { RequestLogEntry } from "./request-log.js";
import type { Caller, RouteDefinition, RouteResponse } from "./route.js";
import type { Router } from "./router.js";

const CONTROL_PREFIX = "/__emulator";

/** Thrown by the pipeline when a fault rule says "drop the connection". */
class ConnectionResetFault extends Error {
  constructor() {
    super("Injected connection reset");
    this.name = "ConnectionResetFault";
  }
}

interface ParsedBody {
  value: unknown;
  logged: unknown;
}

function parseBody(raw: string, contentType: string | undefined): ParsedBody {
  if (raw.length === 0) return { value: undefined, logged: undefined };
  if (contentType?.toLowerCase().includes("application/x-www-form-urlencoded")) {
    const fields = parseForm(raw);
    return { value: fields, logged: redactForm(fields) };
  }
  const value = parseJsonBody(raw);
  return { value, logged: value };
}

/** Maps domain failures onto the status and code Genesys answers with. */
export function contactCentreErrorToApiError(error: ContactCentreError): ApiError {
  const params: Record<string, string> = { reason: error.message };
  const details = [
    {
      errorCode: error.kind,
      ...(error.field === undefined ? {} : { fieldName: error.field }),
      ...(error.entityId === undefined ? {} : { entityId: error.entityId }),
    },
  ];
  switch (error.kind) {
    case "not-found":
      return new ApiError({
        status: 404,
        code: "not.found",
        messageWithParams: "{reason}",
        messageParams: params,
        details,
      });
    case "unknown-reference":
    case "invalid-value":
      return new ApiError({
        status: 400,
        code: "invalid.value",
        messageWithParams: "Invalid value for field '{field}': {reason}",
        messageParams: { ...params, field: error.field ?? "body" },
        details,
      });
    case "invalid-status":
      return new ApiError({
        status: 400,
        code: "invalid.status",
        messageWithParams: "{reason}",
        messageParams: params,
        details,
      });
    case "not-connected":
      return new ApiError({
        status: 400,
        code: "conversations.error.transfer.not.connected",
        messageWithParams: "{reason}",
        messageParams: params,
        details,
      });
    case "manual-assignment-disabled":
      return new ApiError({
        status: 400,
        code: "feature.not.enabled",
        messageWithParams: "{reason}",
        messageParams: params,
        details,
      });
  }
}

function authenticate(services: EmulatorServices, header: string | undefined): Caller {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  if (match?.[1] === undefined) {
    throw new ApiError({
      status: 401,
      code: "authentication.required",
      messageWithParams: "No authentication bearer token specified in authorization header.",
    });
  }
  const resolution = services.tokens.resolve(match[1]);
  if (!resolution.valid) throw stockError(401);
  return { clientId: resolution.record.clientId, tokenId: resolution.record.tokenId };
}

function faultError(
  services: EmulatorServices,
  fault: NonNullable<ReturnType<EmulatorServices["faults"]["take"]>>,
): ApiError {
  const { rule } = fault;
  const headers: Record<string, string> = {};
  if (rule.rateLimitResetSeconds !== undefined)
    headers["inin-ratelimit-reset"] = String(rule.rateLimitResetSeconds);
  if (rule.status === 429) {
    const retryAfter = rule.retryAfterSeconds === undefined ? 1 : rule.retryAfterSeconds;
    if (retryAfter === null) {
      // Without Retry-After: the older shape some paths answered with before Genesys normalised 429s.
      const { limit, windowMs } = services.options.rateLimit;
      return legacyRateLimitExceeded(limit, windowMs, rule.code ?? "too.many.requests", headers);
    }
    const error = rateLimitExceeded(retryAfter, headers);
    return rule.code === undefined
      ? error
      : new ApiError({
          status: 429,
          code: rule.code,
          messageWithParams: error.messageWithParams,
          messageParams: error.messageParams,
          headers: error.headers,
        });
  }
  return stockError(rule.status, { headers, ...(rule.code === undefined ? {} : { code: rule.code }) });
}

function toErrorResponse(services: EmulatorServices, error: unknown, correlationId: string): RouteResponse {
  const apiError =
    error instanceof ApiError
      ? error
      : error instanceof ContactCentreError
        ? contactCentreErrorToApiError(error)
        : undefined;
  if (apiError !== undefined) {
    return { status: apiError.status, body: apiError.toBody(correlationId), headers: apiError.headers };
  }
  services.logger.error({ err: error, correlationId }, "unexpected error while serving a request");
  const internal = stockError(500);
  return { status: 500, body: internal.toBody(correlationId) };
}

function holdFor(ms: number, signal: { closed: boolean }, timers: Set<NodeJS.Timeout>): Promise<void> {
  if (ms <= 0 || signal.closed) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      resolve();
    }, ms);
    timers.add(timer);
  });
}

export interface RequestHandler {
  (request: IncomingMessage, response: ServerResponse): void;
  /** Releases requests held by injected latency (they are then answered straight away). */
  close(): void;
}

/**
 * The one pipeline every HTTP request goes through: route lookup, body parsing, bearer auth, rate limit,
 * latency and fault injection, the handler, then one central error handler and the request log.
 */
export function createRequestHandler(
  services: EmulatorServices,
  router: Router<RouteDefinition>,
): RequestHandler {
  const heldTimers = new Set<NodeJS.Timeout>();
  const state = { closed: false };

  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const correlationId = randomUUID();
    const receivedAt = services.clock.now();
    const method = (request.method ?? "GET").toUpperCase();
    const url = new URL(request.url ?? "/", "http://emulator");
    const path = url.pathname;
    const isControl = path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
    const headers: Record<string, string> = { "inin-correlation-id": correlationId };
    let caller: Partial<Caller> | undefined;
    let loggedBody: unknown;
    let result: RouteResponse;

    try {
      const lookup = router.lookup(method, path);
      const rawBody = await readRawBody(request);
      if (lookup.kind === "not-found") throw stockError(404);
      if (lookup.kind === "method-not-allowed") {
        throw stockError(405, { headers: { allow: [...new Set(lookup.allowed)].join(", ") } });
      }
      const { route, params } = lookup;
      const body = parseBody(rawBody, request.headers["content-type"]);
      loggedBody = body.logged;
      let authenticated: Caller | undefined;
      if (route.auth === "bearer") {
        authenticated = authenticate(services, request.headers.authorization);
        caller = authenticated;
        const decision = services.rateLimiter.take(authenticated.tokenId, services.clock.now());
        Object.assign(headers, decision.headers);
        if (!decision.allowed) throw rateLimitExceeded(decision.resetSeconds, {});
      }
      if (!isControl) {
        await holdFor(services.latency.delayFor(path), state, heldTimers);
        const fault = services.faults.take(method, path);
        if (fault?.reset === true) throw new ConnectionResetFault();
        if (fault !== undefined) throw faultError(services, fault);
      }
      result = await route.handler({
        method,
        path,
        params,
        query: url.searchParams,
        headers: request.headers,
        body: body.value,
        correlationId,
        caller: authenticated,
        services,
      });
      if (result.loggedCaller !== undefined) caller = result.loggedCaller;
    } catch (error) {
      if (error instanceof ConnectionResetFault) {
        // No response, so no ININ-Correlation-Id reached the caller: none is logged.
        record(services, isControl, { receivedAt, method, url, status: 0, caller, loggedBody });
        request.socket.destroy();
        return;
      }
      result = toErrorResponse(services, error, correlationId);
    }

    const allHeaders: Record<string, string> = { ...headers, ...(result.headers ?? {}) };
    const hasBody = result.body !== undefined && result.status !== 204 && method !== "HEAD";
    if (hasBody) allHeaders["content-type"] = "application/json; charset=UTF-8";
    response.writeHead(result.status, allHeaders);
    response.end(hasBody ? JSON.stringify(result.body) : undefined);
    record(services, isControl, {
      receivedAt,
      method,
      url,
      status: result.status,
      caller,
      loggedBody,
      correlationId,
    });
  };

  const handler = ((request: IncomingMessage, response: ServerResponse) => {
    serve(request, response).catch((error: unknown) => {
      services.logger.error({ err: error }, "request pipeline failed");
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  }) as RequestHandler;
  handler.close = () => {
    state.closed = true;
    for (const timer of heldTimers) clearTimeout(timer);
    heldTimers.clear();
  };
  return handler;
}

interface LogFacts {
  receivedAt: number;
  method: string;
  url: URL;
  status: number;
  caller: Partial<Caller> | undefined;
  loggedBody: unknown;
  /** The `ININ-Correlation-Id` the response carried; undefined when none was sent. */
  correlationId?: string;
}

function record(services: EmulatorServices, isControl: boolean, facts: LogFacts): void {
  services.logger.debug(
    { method: facts.method, path: facts.url.pathname, status: facts.status, tokenId: facts.caller?.tokenId },
    "request",
  );
  if (isControl) return;
  const query = facts.url.search.length > 1 ? facts.url.search.slice(1) : undefined;
  const entry: RequestLogEntry = {
    at: facts.receivedAt,
    method: facts.method,
    path: facts.url.pathname,
    status: facts.status,
    ...(query === undefined ? {} : { query }),
    ...(facts.correlationId === undefined ? {} : { correlationId: facts.correlationId }),
    ...(facts.caller?.clientId === undefined ? {} : { clientId: facts.caller.clientId }),
    ...(facts.caller?.tokenId === undefined ? {} : { tokenId: facts.caller.tokenId }),
    ...(facts.method === "GET" || facts.loggedBody === undefined ? {} : { body: facts.loggedBody }),
  };
  services.requestLog.add(entry);
}

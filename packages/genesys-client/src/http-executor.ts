import { performance } from "node:perf_hooks";
import type { RequestLane } from "./budget/lanes.js";
import type { CircuitState } from "./circuit-breaker.js";
import { createWireAgents, sendOnce, WireError, type WireResponse } from "./http-request.js";
import { notifyObserver, type RequestObserver } from "./observer.js";
import {
  createHeaderReader,
  type HeaderReader,
  readCorrelationId,
  readRateLimitHeaders,
} from "./response-headers.js";
import { decideRetry, type RequestFailure, type RetryPolicy } from "./retry-policy.js";

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface HttpCall {
  readonly method: HttpMethod;
  readonly url: string;
  readonly pathTemplate: string;
  readonly idempotent: boolean;
  readonly headers?: Readonly<Record<string, string>>;
  readonly data?: unknown;
  readonly signal?: AbortSignal | undefined;
  /** The budget lane (API calls only), for the observer. */
  readonly lane?: RequestLane;
  /** The caller's own observer of this call (besides the executor's `onRequest`). */
  readonly observer?: RequestObserver;
  /** The endpoint's circuit state, for the observer. */
  readonly circuitState?: () => CircuitState;
  /**
   * Runs before each attempt reaches the wire (rate budget, Authorization header). `retry` is true for the
   * attempts after the first of this send; throwing RetrySkipped there ends the retries with the previous
   * attempt's failure.
   */
  readonly beforeAttempt?: (
    headers: RequestHeaders,
    signal: AbortSignal | undefined,
    attempt: { readonly retry: boolean },
  ) => Promise<void>;
  /** Runs after each attempt that reached the wire, with what came back. */
  readonly afterAttempt?: (outcome: AttemptOutcome) => void;
}

/** The request headers of a call, as sent; beforeAttempt adds to them (Authorization). */
export type RequestHeaders = Record<string, string>;

export interface AttemptOutcome {
  /** 0 when no response arrived. */
  readonly status: number;
  readonly kind: RequestFailure["kind"] | "ok";
  readonly header: HeaderReader;
}

/** Thrown by beforeAttempt to give up retrying (no budget room, circuit opened): the last failure stands. */
export class RetrySkipped extends Error {
  override readonly name = "RetrySkipped";
  constructor(readonly reason: "budget" | "circuit") {
    super(`retry skipped: ${reason}`);
  }
}

/** Counts HTTP attempts of one logical call, across retries and replays. */
export interface AttemptCounter {
  attempts: number;
}

export interface HttpResult {
  readonly status: number;
  readonly data: unknown;
  readonly header: HeaderReader;
}

export interface RetryCounts {
  transientRetries: number;
  rateLimitRetries: number;
}

/**
 * The last attempt of a call failed. Internal: callers turn it into a GenesysApiError. It deliberately
 * keeps nothing from the request (URL, headers, body), only what came back.
 */
export class HttpFailure extends Error {
  override readonly name = "HttpFailure";
  readonly failure: RequestFailure;
  readonly body: unknown;
  readonly retries: Readonly<RetryCounts>;
  /** For network failures: the low-level error code and message (caller redacts before exposing). */
  readonly lowLevel: { readonly code: string | undefined; readonly message: string } | undefined;

  constructor(
    failure: RequestFailure,
    body: unknown,
    retries: Readonly<RetryCounts>,
    lowLevel?: { readonly code: string | undefined; readonly message: string },
  ) {
    super(failure.kind === "status" ? `HTTP ${failure.status}` : failure.kind);
    this.failure = failure;
    this.body = body;
    this.retries = retries;
    this.lowLevel = lowLevel;
  }
}

export interface HttpExecutorOptions {
  readonly timeoutMs: number;
  readonly retryPolicy: RetryPolicy;
  readonly onRequest?: RequestObserver | undefined;
  readonly now: () => number;
  readonly random: () => number;
  /**
   * Sockets kept per host (keep-alive): requests beyond it queue for a free socket, within their timeout.
   * @defaultValue 64
   */
  readonly maxSockets?: number;
  /**
   * The largest response body accepted; a longer one fails the attempt as a network error, so a
   * misbehaving endpoint cannot exhaust memory.
   * @defaultValue 16 MiB
   */
  readonly maxResponseBytes?: number;
}

export interface HttpExecutor {
  send(call: HttpCall, counter: AttemptCounter): Promise<HttpResult>;
}

const DEFAULT_MAX_SOCKETS = 64;
const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * JSON when it parses, whatever the content type says (a gateway's error page may be labelled anything),
 * else the text; "" for no body, which callers read as "no content" (204, 202).
 */
function parseBody(text: string): unknown {
  if (text === "") return "";
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function hasHeader(headers: RequestHeaders, name: string): boolean {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) return true;
  return false;
}

/** Serialises the body once per call (retries resend the same bytes); a string is sent as is (forms). */
function encodeBody(call: HttpCall, headers: RequestHeaders): Buffer | undefined {
  const { data } = call;
  if (data === undefined) return undefined;
  let body: Buffer;
  if (typeof data === "string") body = Buffer.from(data, "utf8");
  else if (data instanceof Uint8Array) body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  else {
    body = Buffer.from(JSON.stringify(data), "utf8");
    if (!hasHeader(headers, "content-type")) headers["Content-Type"] = "application/json";
  }
  headers["Content-Length"] = String(body.length);
  return body;
}

type AttemptResult =
  | { readonly response: WireResponse; readonly error?: undefined }
  | { readonly response?: undefined; readonly error: WireError };

function classify(result: AttemptResult): RequestFailure | undefined {
  if (result.error !== undefined) return { kind: result.error.kind };
  const { status, headers } = result.response;
  if (status >= 200 && status < 300) return undefined;
  return { kind: "status", status, header: createHeaderReader(headers) };
}

/** Resolves after `ms`, or as soon as the signal aborts (the next attempt then sees the abort). */
function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Sends one logical call: each attempt passes the before-attempt hook, goes to the wire once (keep-alive
 * agents of this executor) and is reported to the observer; failed attempts are repeated as decideRetry
 * says, and the outcome is a plain result or an HttpFailure.
 */
export function createHttpExecutor(options: HttpExecutorOptions): HttpExecutor {
  const { retryPolicy, now, random, timeoutMs } = options;
  const agents = createWireAgents(options.maxSockets ?? DEFAULT_MAX_SOCKETS);
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const maxAttemptsRetried =
    retryPolicy.maxRetries +
    (retryPolicy.rateLimitMode === "retry-in-process" ? retryPolicy.rateLimitMaxRetries : 0);

  const attempt = async (
    call: HttpCall,
    headers: RequestHeaders,
    body: Buffer | undefined,
    counter: AttemptCounter,
  ): Promise<AttemptResult> => {
    counter.attempts += 1;
    const number = counter.attempts;
    const startedAt = performance.now();
    let result: AttemptResult;
    try {
      const response = await sendOnce(
        {
          method: call.method,
          url: call.url,
          headers,
          body,
          signal: call.signal,
          timeoutMs,
          maxResponseBytes,
        },
        agents,
      );
      result = { response };
    } catch (error) {
      result = {
        error:
          error instanceof WireError
            ? error
            : new WireError("network", undefined, error instanceof Error ? error.message : String(error)),
      };
    }
    const header = createHeaderReader(result.response?.headers);
    const status = result.response?.status ?? 0;
    call.afterAttempt?.({ status, kind: result.error?.kind ?? "status", header });
    const rateLimit = readRateLimitHeaders(header);
    const correlationId = readCorrelationId(header);
    const circuit = call.circuitState?.();
    const event = {
      method: call.method,
      pathTemplate: call.pathTemplate,
      status,
      durationMs: performance.now() - startedAt,
      attempt: number,
      ...(call.lane === undefined ? {} : { lane: call.lane }),
      ...(circuit === undefined ? {} : { circuit }),
      ...(rateLimit === undefined ? {} : { rateLimit }),
      ...(correlationId === undefined ? {} : { correlationId }),
    };
    notifyObserver(options.onRequest, event);
    notifyObserver(call.observer, event);
    return result;
  };

  const toHttpFailure = (
    failure: RequestFailure,
    result: AttemptResult,
    retries: RetryCounts,
  ): HttpFailure => {
    if (result.error === undefined)
      return new HttpFailure(failure, parseBody(result.response.text), { ...retries });
    return new HttpFailure(
      failure,
      undefined,
      { ...retries },
      { code: result.error.code, message: result.error.message },
    );
  };

  return {
    async send(call, counter) {
      const retries: RetryCounts = { transientRetries: 0, rateLimitRetries: 0 };
      const headers: RequestHeaders = { Accept: "application/json", ...call.headers };
      const body = encodeBody(call, headers);
      let last: { readonly failure: RequestFailure; readonly result: AttemptResult } | undefined;

      for (let retried = 0; ; retried++) {
        // An abort wins over whatever the attempt (or the hook) produced: the caller gets its own reason.
        if (call.signal?.aborted) throw call.signal.reason;
        try {
          await call.beforeAttempt?.(headers, call.signal, { retry: retried > 0 });
        } catch (error) {
          if (call.signal?.aborted) throw call.signal.reason;
          // A skipped retry leaves the failure that asked for it as the outcome (the queue backs off instead).
          if (error instanceof RetrySkipped && last !== undefined) {
            throw toHttpFailure(last.failure, last.result, retries);
          }
          throw error;
        }
        const result = await attempt(call, headers, body, counter);
        if (call.signal?.aborted) throw call.signal.reason;
        const failure = classify(result);
        if (failure === undefined) {
          const { response } = result as { readonly response: WireResponse };
          return {
            status: response.status,
            data: parseBody(response.text),
            header: createHeaderReader(response.headers),
          };
        }
        if (retried >= maxAttemptsRetried) throw toHttpFailure(failure, result, retries);
        const decision = decideRetry(failure, call, retries, retryPolicy, now(), random);
        if (!decision.retry) throw toHttpFailure(failure, result, retries);
        if (decision.reason === "rate-limit") retries.rateLimitRetries += 1;
        else retries.transientRetries += 1;
        last = { failure, result };
        // Each attempt gets the whole timeout: the wait is not charged to the next attempt.
        await wait(decision.delayMs, call.signal);
      }
    },
  };
}

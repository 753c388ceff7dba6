import { performance } from "node:perf_hooks";
import axios, {
  type AxiosAdapter,
  type AxiosError,
  type AxiosInstance,
  type AxiosRequestConfig,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
  type Method,
} from "axios";
import axiosRetry from "axios-retry";
import type { RequestLane } from "./budget/lanes.js";
import type { CircuitState } from "./circuit-breaker.js";
import { notifyObserver, type RequestObserver } from "./observer.js";
import {
  createHeaderReader,
  type HeaderReader,
  readCorrelationId,
  readRateLimitHeaders,
} from "./response-headers.js";
import { decideRetry, type RequestFailure, type RetryDecision, type RetryPolicy } from "./retry-policy.js";

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
    headers: InternalAxiosRequestConfig["headers"],
    signal: AbortSignal | undefined,
    attempt: { readonly retry: boolean },
  ) => Promise<void>;
  /** Runs after each attempt that reached the wire, with what came back. */
  readonly afterAttempt?: (outcome: AttemptOutcome) => void;
}

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
}

export interface HttpExecutor {
  send(call: HttpCall, counter: AttemptCounter): Promise<HttpResult>;
}

const TIMEOUT_CODES: ReadonlySet<string> = new Set(["ECONNABORTED", "ETIMEDOUT"]);

function classifyAxiosError(error: AxiosError): RequestFailure {
  if (error.response !== undefined) {
    return {
      kind: "status",
      status: error.response.status,
      header: createHeaderReader(error.response.headers),
    };
  }
  if (axios.isCancel(error) || error.code === "ERR_CANCELED") return { kind: "canceled" };
  if (error.code !== undefined && TIMEOUT_CODES.has(error.code)) return { kind: "timeout" };
  return { kind: "network" };
}

/**
 * Sends one logical call: axios-retry repeats failed attempts, each attempt passes through our adapter
 * (before-attempt hook, timing, observer), and the outcome is a plain result or an HttpFailure.
 */
export function createHttpExecutor(options: HttpExecutorOptions): HttpExecutor {
  const { retryPolicy, now, random } = options;
  const instance: AxiosInstance = axios.create({
    timeout: options.timeoutMs,
    // Redirects could carry the Authorization header to another host; Genesys does not redirect API calls.
    maxRedirects: 0,
    validateStatus: (status) => status >= 200 && status < 300,
  });
  axiosRetry(instance, { retries: 0 });
  const wire: AxiosAdapter = axios.getAdapter("http");
  const maxAttemptsRetried =
    retryPolicy.maxRetries +
    (retryPolicy.rateLimitMode === "retry-in-process" ? retryPolicy.rateLimitMaxRetries : 0);

  return {
    async send(call, counter) {
      const retries: RetryCounts = { transientRetries: 0, rateLimitRetries: 0 };
      let pending: Extract<RetryDecision, { retry: true }> | undefined;
      let sendAttempts = 0;
      let lastFailure: AxiosError | undefined;

      const adapter: AxiosAdapter = async (config) => {
        sendAttempts += 1;
        await call.beforeAttempt?.(config.headers, call.signal, { retry: sendAttempts > 1 });
        counter.attempts += 1;
        const attempt = counter.attempts;
        const startedAt = performance.now();
        let response: AxiosResponse | undefined;
        let kind: AttemptOutcome["kind"] = "ok";
        try {
          response = await wire(config);
          return response;
        } catch (error) {
          if (axios.isAxiosError(error)) {
            response = error.response;
            kind = classifyAxiosError(error).kind;
          } else {
            kind = "network";
          }
          throw error;
        } finally {
          const header = createHeaderReader(response?.headers);
          const status = response?.status ?? 0;
          call.afterAttempt?.({ status, kind: response === undefined ? kind : "status", header });
          const rateLimit = readRateLimitHeaders(header);
          const correlationId = readCorrelationId(header);
          const circuit = call.circuitState?.();
          const event = {
            method: call.method,
            pathTemplate: call.pathTemplate,
            status,
            durationMs: performance.now() - startedAt,
            attempt,
            ...(call.lane === undefined ? {} : { lane: call.lane }),
            ...(circuit === undefined ? {} : { circuit }),
            ...(rateLimit === undefined ? {} : { rateLimit }),
            ...(correlationId === undefined ? {} : { correlationId }),
          };
          notifyObserver(options.onRequest, event);
          notifyObserver(call.observer, event);
        }
      };

      const config: AxiosRequestConfig = {
        method: call.method as Method,
        url: call.url,
        data: call.data,
        headers: { Accept: "application/json", ...call.headers },
        adapter,
        "axios-retry": {
          retries: maxAttemptsRetried,
          // Each attempt gets the whole timeout: a long Retry-After must not eat the next attempt's time.
          shouldResetTimeout: true,
          retryCondition: (error) => {
            lastFailure = error;
            const decision = decideRetry(
              classifyAxiosError(error),
              call,
              retries,
              retryPolicy,
              now(),
              random,
            );
            pending = decision.retry ? decision : undefined;
            return decision.retry;
          },
          retryDelay: () => {
            const decision = pending;
            if (decision === undefined) return 0;
            if (decision.reason === "rate-limit") retries.rateLimitRetries += 1;
            else retries.transientRetries += 1;
            return decision.delayMs;
          },
        },
      };
      if (call.signal !== undefined) config.signal = call.signal;

      try {
        const response = await instance.request(config);
        return { status: response.status, data: response.data, header: createHeaderReader(response.headers) };
      } catch (caught) {
        // A skipped retry leaves the failure that asked for it as the outcome (the queue backs off instead).
        const error = caught instanceof RetrySkipped && lastFailure !== undefined ? lastFailure : caught;
        if (!axios.isAxiosError(error)) throw error;
        const failure = classifyAxiosError(error);
        if (failure.kind === "canceled" && call.signal?.aborted) throw call.signal.reason;
        if (failure.kind === "status") {
          throw new HttpFailure(failure, error.response?.data, { ...retries });
        }
        throw new HttpFailure(
          failure,
          undefined,
          { ...retries },
          { code: error.code, message: error.message },
        );
      }
    },
  };
}

import { DEFAULT_LANE, isRequestLane, type RequestLane } from "./budget/lanes.js";
import type { CircuitBreakers, CircuitTicket } from "./circuit-breaker.js";
import { verdictOf } from "./circuit-breaker.js";
import { type ErrorContext, toGenesysError } from "./error-mapping.js";
import { GenesysCircuitOpenError, GenesysTokenRejectedError, GenesysValidationError } from "./errors.js";
import {
  type AttemptCounter,
  type HttpCall,
  type HttpExecutor,
  HttpFailure,
  type HttpMethod,
  type HttpResult,
  RetrySkipped,
} from "./http-executor.js";
import { type ClientEventObserver, notifyClientEvent, type RequestObserver } from "./observer.js";
import type { RateBudget, RateBudgetRequest } from "./rate-budget.js";
import type { Redactor } from "./redaction.js";
import { readRateLimitHeaders } from "./response-headers.js";
import type { RetryPolicy } from "./retry-policy.js";
import type { TokenProvider } from "./token-provider.js";
import type { StoredToken } from "./token-store.js";

export type QueryValue = string | number | boolean | readonly string[] | undefined;
export type QueryParams = Readonly<Record<string, QueryValue>>;

export interface ApiRequest {
  readonly method: HttpMethod;
  /** e.g. `/api/v2/users/{userId}/routingskills`; also the metrics label. */
  readonly pathTemplate: string;
  readonly pathParams?: Readonly<Record<string, string>>;
  readonly query?: QueryParams;
  /** A `nextUri` returned by Genesys, used instead of pathTemplate + params + query. */
  readonly nextUri?: string;
  readonly body?: unknown;
  /** POST/PATCH calls that are safe to repeat (queries, absolute updates). GET/HEAD/PUT/DELETE always are. */
  readonly idempotent?: boolean;
  readonly signal?: AbortSignal | undefined;
  /** The budget lane. @defaultValue `"decision"` */
  readonly lane?: RequestLane | undefined;
  /** This call's own observer (`CallOptions.observer`). */
  readonly observer?: RequestObserver | undefined;
}

export interface ApiTransport {
  /** Sends the request and returns the parsed body (undefined for empty 202/204 responses). */
  request(request: ApiRequest): Promise<unknown>;
}

export interface ApiTransportOptions {
  readonly apiBaseUrl: string;
  readonly executor: HttpExecutor;
  readonly tokens: TokenProvider;
  readonly rateBudget: RateBudget | undefined;
  readonly breakers: CircuitBreakers;
  readonly redactor: Redactor;
  readonly retryPolicy: RetryPolicy;
  /** 401 replays (each with a new token) before GenesysTokenRejectedError. */
  readonly maxTokenReplays: number;
  readonly onClientEvent: ClientEventObserver | undefined;
  readonly now: () => number;
}

/** However long the budget made a request wait, it never leaves with a token that could expire in flight. */
const MAX_TOKEN_RENEWALS_PER_ATTEMPT = 5;

const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set(["GET", "HEAD", "PUT", "DELETE"]);

export function buildPath(template: string, params: Readonly<Record<string, string>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_placeholder, name: string) => {
    const value = params[name];
    if (value === undefined || value === "")
      throw new GenesysValidationError(name, "must be a non-empty string");
    return encodeURIComponent(value);
  });
}

/** Genesys takes multi-valued parameters such as `expand` comma-separated. */
export function buildQueryString(query: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(name, value.join(","));
    } else {
      search.set(name, String(value));
    }
  }
  const text = search.toString();
  return text === "" ? "" : `?${text}`;
}

/**
 * Resolves a `nextUri` against the API host. It must stay on that host: following an absolute URI
 * elsewhere would hand our token to it.
 */
export function resolveNextUri(apiBaseUrl: string, nextUri: string): string {
  const base = new URL(apiBaseUrl);
  const resolved = new URL(nextUri, `${base.origin}/`);
  if (resolved.origin !== base.origin) {
    throw new GenesysValidationError("nextUri", `points to another host (${resolved.origin})`);
  }
  if (/^https?:/i.test(nextUri)) return resolved.href;
  // Relative nextUris are rooted at /api/v2; keep any path prefix the base URL has (a proxy, say).
  const prefix = base.pathname.replace(/\/+$/, "");
  return `${base.origin}${prefix}${resolved.pathname}${resolved.search}`;
}

export function createApiTransport(options: ApiTransportOptions): ApiTransport {
  const { executor, tokens, rateBudget } = options;

  /**
   * The grant comes last, right before the request leaves: acquiring first and then waiting for a token
   * refresh would let a whole batch of earlier grants reach Genesys together. So the token is fetched first,
   * and checked again once the grant is in: if the wait outlasted it (a short-lived token, a saturated
   * budget), a cached newer token is used at once, or a new one is minted and the grant taken again (the
   * spent grant only makes the budget stricter).
   */
  const sendableToken = async (
    budgetRequest: Required<RateBudgetRequest>,
    retry: boolean,
    signal: AbortSignal | undefined,
    onReplaced: () => void,
  ): Promise<StoredToken> => {
    let token = await tokens.getToken(signal);
    for (let renewals = 0; ; renewals++) {
      if (retry && rateBudget?.tryAcquire !== undefined) {
        if (!(await rateBudget.tryAcquire(budgetRequest))) throw new RetrySkipped("budget");
      } else {
        await rateBudget?.acquire(budgetRequest, signal);
      }
      if (tokens.isSendable(token)) return token;
      onReplaced();
      const cached = tokens.peekSendable();
      if (cached !== undefined) return cached;
      if (renewals >= MAX_TOKEN_RENEWALS_PER_ATTEMPT) {
        throw new GenesysTokenRejectedError({
          message: `No token outlived the wait for the rate budget ${renewals + 1} times in a row`,
          status: 0,
          code: "token.expired.before.send",
          method: budgetRequest.method,
          pathTemplate: budgetRequest.pathTemplate,
        });
      }
      token = await tokens.getToken(signal);
    }
  };

  return {
    async request(request) {
      const lane = request.lane ?? DEFAULT_LANE;
      if (!isRequestLane(lane)) throw new GenesysValidationError("lane", `is not a budget lane`);
      const url =
        request.nextUri === undefined
          ? `${options.apiBaseUrl}${buildPath(request.pathTemplate, request.pathParams)}${buildQueryString(request.query)}`
          : resolveNextUri(options.apiBaseUrl, request.nextUri);
      const { method, pathTemplate } = request;
      const budgetRequest: Required<RateBudgetRequest> = { method, pathTemplate, lane };
      const event = { method, pathTemplate, lane } as const;

      let ticket: CircuitTicket;
      try {
        ticket = options.breakers.admit({ method, pathTemplate });
      } catch (error) {
        if (error instanceof GenesysCircuitOpenError) {
          notifyClientEvent(options.onClientEvent, {
            kind: "circuit-rejected",
            ...event,
            retryAfterMs: error.retryAfterMs,
          });
        }
        throw error;
      }

      let lastToken: string | undefined;
      const call: HttpCall = {
        method,
        url,
        pathTemplate,
        lane,
        circuitState: () => ticket.state(),
        idempotent: request.idempotent ?? IDEMPOTENT_METHODS.has(method),
        ...(request.body === undefined
          ? {}
          : { data: request.body, headers: { "Content-Type": "application/json" } }),
        signal: request.signal,
        ...(request.observer === undefined ? {} : { observer: request.observer }),
        beforeAttempt: async (headers, signal, { retry }) => {
          try {
            if (retry && !ticket.allowsRetry()) throw new RetrySkipped("circuit");
            const token = await sendableToken(budgetRequest, retry, signal, () =>
              notifyClientEvent(options.onClientEvent, {
                kind: "token-replaced",
                ...event,
                reason: "expiring",
              }),
            );
            lastToken = token.accessToken;
            headers.Authorization = `Bearer ${lastToken}`;
          } catch (error) {
            if (error instanceof RetrySkipped) {
              notifyClientEvent(options.onClientEvent, {
                kind: "retry-skipped",
                ...event,
                reason: error.reason,
              });
            }
            throw error;
          }
        },
        afterAttempt: (outcome) => {
          const rateLimit = readRateLimitHeaders(outcome.header);
          if (rateLimit !== undefined) rateBudget?.observe?.(rateLimit, budgetRequest);
          ticket.record(verdictOf(outcome.status, outcome.kind === "ok" ? "status" : outcome.kind));
        },
      };
      const counter: AttemptCounter = { attempts: 0 };
      const errorContext: ErrorContext = {
        method,
        pathTemplate,
        redactor: options.redactor,
        retryPolicy: options.retryPolicy,
        now: options.now,
      };

      try {
        let result: HttpResult | undefined;
        for (let replays = 0; result === undefined; replays++) {
          try {
            result = await executor.send(call, counter);
          } catch (error) {
            if (!(error instanceof HttpFailure)) throw error;
            const unauthorised = error.failure.kind === "status" && error.failure.status === 401;
            if (!unauthorised || lastToken === undefined) throw toGenesysError(error, errorContext);
            // The token was revoked or expired early: forget it (here and in the shared store), mint a new
            // one and replay. A 401 means the request was not processed, so even a POST may be replayed.
            await tokens.invalidate(lastToken);
            lastToken = undefined;
            if (replays >= options.maxTokenReplays) {
              notifyClientEvent(options.onClientEvent, { kind: "token-rejected", ...event });
              const rejected = toGenesysError(error, errorContext);
              throw new GenesysTokenRejectedError({
                message: `${rejected.message} (still 401 after ${replays} replays with new tokens)`,
                status: rejected.status,
                code: rejected.code,
                method,
                pathTemplate,
                correlationId: rejected.correlationId,
                contextId: rejected.contextId,
                details: rejected.details,
              });
            }
            notifyClientEvent(options.onClientEvent, {
              kind: "token-replaced",
              ...event,
              reason: "rejected",
            });
          }
        }
        return result.data === "" ? undefined : result.data;
      } finally {
        ticket.release();
      }
    },
  };
}

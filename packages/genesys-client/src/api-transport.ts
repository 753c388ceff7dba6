import { type ErrorContext, toGenesysError } from "./error-mapping.js";
import { GenesysValidationError } from "./errors.js";
import {
  type AttemptCounter,
  type HttpCall,
  type HttpExecutor,
  HttpFailure,
  type HttpMethod,
  type HttpResult,
} from "./http-executor.js";
import type { RateBudget } from "./rate-budget.js";
import type { Redactor } from "./redaction.js";
import type { RetryPolicy } from "./retry-policy.js";
import type { TokenProvider } from "./token-provider.js";

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
  readonly redactor: Redactor;
  readonly retryPolicy: RetryPolicy;
  readonly now: () => number;
}

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

  return {
    async request(request) {
      const url =
        request.nextUri === undefined
          ? `${options.apiBaseUrl}${buildPath(request.pathTemplate, request.pathParams)}${buildQueryString(request.query)}`
          : resolveNextUri(options.apiBaseUrl, request.nextUri);
      const budgetRequest = { method: request.method, pathTemplate: request.pathTemplate };
      let lastToken: string | undefined;
      const call: HttpCall = {
        method: request.method,
        url,
        pathTemplate: request.pathTemplate,
        idempotent: request.idempotent ?? IDEMPOTENT_METHODS.has(request.method),
        ...(request.body === undefined
          ? {}
          : { data: request.body, headers: { "Content-Type": "application/json" } }),
        signal: request.signal,
        beforeAttempt: async (headers, signal) => {
          lastToken = await tokens.getAccessToken(signal);
          // The grant comes last, right before the request leaves: acquiring first and then waiting for a
          // token refresh would let a whole batch of earlier grants reach Genesys together.
          await rateBudget?.acquire(budgetRequest, signal);
          headers.set("Authorization", `Bearer ${lastToken}`);
        },
      };
      const counter: AttemptCounter = { attempts: 0 };
      const errorContext: ErrorContext = {
        method: request.method,
        pathTemplate: request.pathTemplate,
        redactor: options.redactor,
        retryPolicy: options.retryPolicy,
        now: options.now,
      };

      let result: HttpResult;
      try {
        result = await executor.send(call, counter);
      } catch (error) {
        if (!(error instanceof HttpFailure)) throw error;
        const unauthorised = error.failure.kind === "status" && error.failure.status === 401;
        if (!unauthorised || lastToken === undefined) throw toGenesysError(error, errorContext);
        // The token was revoked or expired early: refresh once and replay once. A 401 means the request
        // was not processed, so even a POST may be replayed.
        await tokens.invalidate(lastToken);
        try {
          result = await executor.send(call, counter);
        } catch (replayError) {
          if (replayError instanceof HttpFailure) throw toGenesysError(replayError, errorContext);
          throw replayError;
        }
      }
      return result.data === "" ? undefined : result.data;
    },
  };
}

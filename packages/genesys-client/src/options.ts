import { GenesysClientOptionsError } from "./errors.js";
import type { ClientEventObserver, RequestObserver } from "./observer.js";
import type { RateBudget } from "./rate-budget.js";
import { type GenesysBaseUrls, type GenesysRegion, resolveBaseUrls } from "./regions.js";
import type { RateLimitMode, RetryPolicy } from "./retry-policy.js";
import type { TokenStore } from "./token-store.js";

export interface GenesysClientOptions {
  /** OAuth client-credentials client id. */
  readonly clientId: string;
  /** OAuth client secret. Only ever sent to the login host, never logged or put in errors. */
  readonly clientSecret: string;
  /** Genesys environment, e.g. "mypurecloud.com" or "usw2.pure.cloud". Required unless both base URLs are given. */
  readonly region?: GenesysRegion;
  /** Overrides `https://api.{region}` (emulator, tests, proxies). */
  readonly apiBaseUrl?: string;
  /** Overrides `https://login.{region}`. */
  readonly loginBaseUrl?: string;

  /**
   * Per-attempt HTTP timeout. A request also only leaves with a token that stays valid this long (plus a
   * second; at most a third of the token's lifetime).
   * @defaultValue 30 000 ms
   */
  readonly timeoutMs?: number;
  /**
   * In-process retries of network errors/timeouts/408/500/502/503/504 on calls safe to repeat. Few on
   * purpose: the job queue retries too, and a retry only goes out when the budget has room in the call's
   * lane right now and the endpoint's circuit is closed (otherwise the error goes to the caller).
   * @defaultValue 1
   */
  readonly maxRetries?: number;
  /** Full-jitter backoff: retry n waits random(0, min(retryMaxDelayMs, retryBaseDelayMs * 2^(n-1))). Default 500 ms. */
  readonly retryBaseDelayMs?: number;
  /** Default 20 000 ms. */
  readonly retryMaxDelayMs?: number;

  /** "surface" (default): a 429 throws GenesysRateLimitError at once. "retry-in-process": wait and retry (scripts). */
  readonly rateLimitMode?: RateLimitMode;
  /** "retry-in-process" only: 429s one call may absorb. Default 5. */
  readonly rateLimitMaxRetries?: number;
  /** Longest honoured Retry-After (Genesys' SDKs use 180 s); a longer one surfaces the 429. Default 180 000 ms. */
  readonly rateLimitMaxWaitMs?: number;
  /** Wait after a 429 without Retry-After or inin-ratelimit-reset; doubles per 429 of the same call. Default 3 000 ms (Genesys' Java/.NET SDKs use 3 s). */
  readonly rateLimitFallbackDelayMs?: number;

  /** Where tokens are kept and shared. Default: a private in-memory store. */
  readonly tokenStore?: TokenStore;
  /** Refresh this long before expiry (at most half the token's lifetime). Default 300 000 ms. */
  readonly tokenRefreshMarginMs?: number;
  /** Lifetime of the cross-process refresh lock. Default 15 000 ms. */
  readonly tokenLockTtlMs?: number;
  /** How long to wait for another process's refresh before failing. Default 30 000 ms. */
  readonly tokenWaitTimeoutMs?: number;
  /** How often to look for another process's new token. Default 100 ms. */
  readonly tokenPollIntervalMs?: number;
  /**
   * After the login host rejects the credentials (400/401), further calls fail with the same error without
   * asking again: token creation is rate limited, and retrying bad credentials cannot help. The first
   * rejection fails fast for 1 s (a blip), each further one in a row twice as long, up to this.
   * Default 30 000 ms; 0 turns it off.
   */
  readonly authFailureCooldownMs?: number;

  /**
   * 401s on an API call cured by invalidating the token, minting a new one and replaying, before the call
   * fails with the retryable GenesysTokenRejectedError.
   * @defaultValue 2
   */
  readonly maxTokenReplays?: number;
  /**
   * Consecutive failed attempts (5xx, 408, timeout, no response) of one endpoint (method + path template)
   * that open its circuit: calls then fail fast with GenesysCircuitOpenError. 0 turns breakers off.
   * @defaultValue 5
   */
  readonly circuitFailureThreshold?: number;
  /** How long an open circuit fails calls fast before one probe may go. @defaultValue 30 000 ms */
  readonly circuitCoolDownMs?: number;

  /** Called before every API request, retries included. Default: none (no client-side limit). */
  readonly rateBudget?: RateBudget;
  /** Called after every HTTP attempt, token requests included. */
  readonly onRequest?: RequestObserver;
  /** Circuit transitions and rejections, skipped retries, replaced tokens: for metrics. */
  readonly onClientEvent?: ClientEventObserver;

  /** Largest `requestScoredAgents` accepted: Genesys allows 20, or 100 when raised on request. Default 20. */
  readonly maxScoredAgents?: number;
  /** Aggregate queries longer than this are split and merged. Default 7 days. */
  readonly analyticsMaxIntervalDays?: number;

  /** Clock in epoch milliseconds (tests). Default `Date.now`. */
  readonly now?: () => number;
  /** Uniform random in [0, 1) for backoff jitter (tests). Default `Math.random`. */
  readonly random?: () => number;
}

export interface ResolvedOptions extends GenesysBaseUrls {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly timeoutMs: number;
  readonly retryPolicy: RetryPolicy;
  readonly tokenStore: TokenStore | undefined;
  readonly tokenRefreshMarginMs: number;
  readonly tokenLockTtlMs: number;
  readonly tokenWaitTimeoutMs: number;
  readonly tokenPollIntervalMs: number;
  readonly authFailureCooldownMs: number;
  readonly maxTokenReplays: number;
  readonly circuitFailureThreshold: number;
  readonly circuitCoolDownMs: number;
  readonly rateBudget: RateBudget | undefined;
  readonly onRequest: RequestObserver | undefined;
  readonly onClientEvent: ClientEventObserver | undefined;
  readonly maxScoredAgents: number;
  readonly analyticsMaxIntervalDays: number;
  readonly now: () => number;
  readonly random: () => number;
}

export const DEFAULTS = {
  timeoutMs: 30_000,
  maxRetries: 1,
  maxTokenReplays: 2,
  circuitFailureThreshold: 5,
  circuitCoolDownMs: 30_000,
  retryBaseDelayMs: 500,
  retryMaxDelayMs: 20_000,
  rateLimitMode: "surface",
  rateLimitMaxRetries: 5,
  rateLimitMaxWaitMs: 180_000,
  rateLimitFallbackDelayMs: 3_000,
  tokenRefreshMarginMs: 300_000,
  tokenLockTtlMs: 15_000,
  tokenWaitTimeoutMs: 30_000,
  tokenPollIntervalMs: 100,
  authFailureCooldownMs: 30_000,
  maxScoredAgents: 20,
  analyticsMaxIntervalDays: 7,
} as const;

/** Genesys accepts at most 100 scored agents per conversation, and only when raised on request. */
export const SCORED_AGENTS_HARD_LIMIT = 100;

function nonNegative(
  option: string,
  value: number | undefined,
  fallback: number,
  { integer = false } = {},
): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== "number" ||
    !Number.isFinite(value) ||
    value < 0 ||
    (integer && !Number.isInteger(value))
  ) {
    throw new GenesysClientOptionsError(option, `must be a non-negative ${integer ? "integer" : "number"}`);
  }
  return value;
}

function positive(
  option: string,
  value: number | undefined,
  fallback: number,
  { integer = false } = {},
): number {
  const resolved = nonNegative(option, value, fallback, { integer });
  if (resolved === 0) throw new GenesysClientOptionsError(option, "must be greater than 0");
  return resolved;
}

function requireText(option: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new GenesysClientOptionsError(option, "must be a non-empty string");
  }
  return value;
}

function optionalFunction<T>(option: string, value: T | undefined): T | undefined {
  if (value !== undefined && typeof value !== "function") {
    throw new GenesysClientOptionsError(option, "must be a function");
  }
  return value;
}

export function resolveOptions(options: GenesysClientOptions): ResolvedOptions {
  if (options === null || typeof options !== "object") {
    throw new GenesysClientOptionsError("options", "must be an object");
  }
  const clientId = requireText("clientId", options.clientId);
  const clientSecret = requireText("clientSecret", options.clientSecret);
  const baseUrls = resolveBaseUrls(options);

  const rateLimitMode = options.rateLimitMode ?? DEFAULTS.rateLimitMode;
  if (rateLimitMode !== "surface" && rateLimitMode !== "retry-in-process") {
    throw new GenesysClientOptionsError("rateLimitMode", 'must be "surface" or "retry-in-process"');
  }
  const retryBaseDelayMs = nonNegative(
    "retryBaseDelayMs",
    options.retryBaseDelayMs,
    DEFAULTS.retryBaseDelayMs,
  );
  const retryMaxDelayMs = nonNegative("retryMaxDelayMs", options.retryMaxDelayMs, DEFAULTS.retryMaxDelayMs);
  if (retryMaxDelayMs < retryBaseDelayMs) {
    throw new GenesysClientOptionsError("retryMaxDelayMs", "must not be smaller than retryBaseDelayMs");
  }
  const maxScoredAgents = positive("maxScoredAgents", options.maxScoredAgents, DEFAULTS.maxScoredAgents, {
    integer: true,
  });
  if (maxScoredAgents > SCORED_AGENTS_HARD_LIMIT) {
    throw new GenesysClientOptionsError("maxScoredAgents", `must be at most ${SCORED_AGENTS_HARD_LIMIT}`);
  }
  const tokenStore = options.tokenStore;
  if (tokenStore !== undefined && (tokenStore === null || typeof tokenStore.tryLock !== "function")) {
    throw new GenesysClientOptionsError("tokenStore", "must implement get, set, deleteIfMatches and tryLock");
  }
  const rateBudget = options.rateBudget;
  if (rateBudget !== undefined && (rateBudget === null || typeof rateBudget.acquire !== "function")) {
    throw new GenesysClientOptionsError("rateBudget", "must have an acquire(request, signal) method");
  }

  return {
    ...baseUrls,
    clientId,
    clientSecret,
    timeoutMs: positive("timeoutMs", options.timeoutMs, DEFAULTS.timeoutMs),
    retryPolicy: {
      maxRetries: nonNegative("maxRetries", options.maxRetries, DEFAULTS.maxRetries, { integer: true }),
      backoff: { baseDelayMs: retryBaseDelayMs, maxDelayMs: retryMaxDelayMs },
      rateLimitMode,
      rateLimitMaxRetries: nonNegative(
        "rateLimitMaxRetries",
        options.rateLimitMaxRetries,
        DEFAULTS.rateLimitMaxRetries,
        {
          integer: true,
        },
      ),
      rateLimitMaxWaitMs: nonNegative(
        "rateLimitMaxWaitMs",
        options.rateLimitMaxWaitMs,
        DEFAULTS.rateLimitMaxWaitMs,
      ),
      rateLimitFallbackDelayMs: nonNegative(
        "rateLimitFallbackDelayMs",
        options.rateLimitFallbackDelayMs,
        DEFAULTS.rateLimitFallbackDelayMs,
      ),
    },
    tokenStore,
    tokenRefreshMarginMs: nonNegative(
      "tokenRefreshMarginMs",
      options.tokenRefreshMarginMs,
      DEFAULTS.tokenRefreshMarginMs,
    ),
    tokenLockTtlMs: positive("tokenLockTtlMs", options.tokenLockTtlMs, DEFAULTS.tokenLockTtlMs),
    tokenWaitTimeoutMs: nonNegative(
      "tokenWaitTimeoutMs",
      options.tokenWaitTimeoutMs,
      DEFAULTS.tokenWaitTimeoutMs,
    ),
    tokenPollIntervalMs: positive(
      "tokenPollIntervalMs",
      options.tokenPollIntervalMs,
      DEFAULTS.tokenPollIntervalMs,
    ),
    authFailureCooldownMs: nonNegative(
      "authFailureCooldownMs",
      options.authFailureCooldownMs,
      DEFAULTS.authFailureCooldownMs,
    ),
    maxTokenReplays: nonNegative("maxTokenReplays", options.maxTokenReplays, DEFAULTS.maxTokenReplays, {
      integer: true,
    }),
    circuitFailureThreshold: nonNegative(
      "circuitFailureThreshold",
      options.circuitFailureThreshold,
      DEFAULTS.circuitFailureThreshold,
      { integer: true },
    ),
    circuitCoolDownMs: positive("circuitCoolDownMs", options.circuitCoolDownMs, DEFAULTS.circuitCoolDownMs),
    rateBudget,
    onRequest: optionalFunction("onRequest", options.onRequest),
    onClientEvent: optionalFunction("onClientEvent", options.onClientEvent),
    maxScoredAgents,
    analyticsMaxIntervalDays: positive(
      "analyticsMaxIntervalDays",
      options.analyticsMaxIntervalDays,
      DEFAULTS.analyticsMaxIntervalDays,
    ),
    now: optionalFunction("now", options.now) ?? Date.now,
    random: optionalFunction("random", options.random) ?? Math.random,
  };
}

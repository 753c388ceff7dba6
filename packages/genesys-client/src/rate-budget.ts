import {
  type LaneShares,
  type LaneSharesOptions,
  type RequestLane,
  resolveLaneShares,
} from "./budget/lanes.js";
import { GenesysClientOptionsError } from "./errors.js";
import type { RateLimitHeaders } from "./response-headers.js";

export interface RateBudgetRequest {
  readonly method: string;
  readonly pathTemplate: string;
  /** The lane the call draws from. @defaultValue `"decision"` */
  readonly lane?: RequestLane;
}

/**
 * Called before every HTTP request to the API host (first attempts, retries and 401 replays alike) and
 * resolves when the request may go. Token requests to the login host are not counted: Genesys limits
 * token creation separately from the per-token API budget.
 */
export interface RateBudget {
  acquire(request: RateBudgetRequest, signal?: AbortSignal): Promise<void>;
  /**
   * Takes a slot only if one is free right now for the request's lane and no waiter of that lane in this
   * process is ahead of it; never waits. The client uses it for retries, which are only worth making when
   * the budget has room (otherwise the error goes back to the queue's backoff). Without it, retries `acquire`.
   */
  tryAcquire?(request: RateBudgetRequest): Promise<boolean>;
  /**
   * Fed the `inin-ratelimit-*` headers of every API response. The budget never grants more than the
   * `allowed` Genesys reports, and holds every request until `reset` once Genesys says the window is used up
   * (`count >= allowed`).
   */
  observe?(headers: RateLimitHeaders, request: RateBudgetRequest): void;
}

/** A budget that can also be paused for every request it governs (both of this package's budgets). */
export interface PausableRateBudget extends RateBudget {
  tryAcquire(request: RateBudgetRequest): Promise<boolean>;
  observe(headers: RateLimitHeaders, request: RateBudgetRequest): void;
  /**
   * Holds every acquire for `ms` (a 429's `Retry-After`). A shorter pause never cuts a longer one short.
   * When it ends, the backlog is released paced over one window, not all at once.
   */
  pauseFor(ms: number): Promise<void>;
  /** Milliseconds left on the pause (0 when none). */
  pausedForMs(): Promise<number>;
}

/** What both budgets take. */
export interface RateBudgetOptions {
  /**
   * Requests allowed in any window of `windowMs`, across every lane. The budget uses the lower of this and
   * the `inin-ratelimit-allowed` Genesys reports.
   */
  readonly limit: number;
  readonly windowMs: number;
  /**
   * A grant is not an arrival: network and event-loop delays between the two can bunch requests at Genesys.
   * The window is padded by this much, so two grants `windowMs` apart at our end stay a window apart at
   * Genesys' even when the later one travels faster.
   * @defaultValue `min(1 000, windowMs / 20)` ms
   */
  readonly arrivalJitterMs?: number;
  /**
   * Shares of the window per lane (`reservedShare`, `maxShare`), merged over the defaults.
   * @defaultValue DEFAULT_LANE_SHARES (README "Budget lanes")
   */
  readonly lanes?: LaneSharesOptions;
}

export interface ResolvedBudgetSettings {
  readonly limit: number;
  readonly windowMs: number;
  /** `windowMs + arrivalJitterMs`: the window grants are counted in. */
  readonly paddedWindowMs: number;
  readonly lanes: LaneShares;
  /** How long an observed `inin-ratelimit-allowed` stays in force without being seen again. */
  readonly observedLimitTtlMs: number;
}

/** An observed limit is forgotten after this many windows without a response confirming it. */
export const OBSERVED_LIMIT_TTL_WINDOWS = 10;

export function resolveBudgetSettings(options: RateBudgetOptions): ResolvedBudgetSettings {
  const { limit, windowMs } = options;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new GenesysClientOptionsError("limit", "must be a positive integer");
  }
  if (!Number.isFinite(windowMs) || windowMs <= 0) {
    throw new GenesysClientOptionsError("windowMs", "must be a positive number of milliseconds");
  }
  const jitter = options.arrivalJitterMs ?? Math.min(1_000, windowMs / 20);
  if (!Number.isFinite(jitter) || jitter < 0) {
    throw new GenesysClientOptionsError("arrivalJitterMs", "must be a non-negative number of milliseconds");
  }
  return {
    limit,
    windowMs,
    paddedWindowMs: windowMs + jitter,
    lanes: resolveLaneShares(options.lanes),
    observedLimitTtlMs: OBSERVED_LIMIT_TTL_WINDOWS * windowMs,
  };
}

import type { RequestLane } from "./budget/lanes.js";
import type { CircuitState } from "./circuit-breaker.js";
import type { RateLimitHeaders } from "./response-headers.js";

/** One HTTP exchange (one attempt), as seen by metrics. Never carries tokens, ids in paths or bodies. */
export interface RequestEvent {
  readonly method: string;
  /** Route with placeholders, e.g. `/api/v2/users/{userId}/routingskills`; `/oauth/token` for token requests. */
  readonly pathTemplate: string;
  /** HTTP status; 0 when no response arrived (network error, timeout, abort). */
  readonly status: number;
  /** Time on the wire for this attempt only (rate-budget waits and token fetches excluded). */
  readonly durationMs: number;
  /** 1 for the first attempt of a call, then 2, 3... across retries and the one replay after a 401. */
  readonly attempt: number;
  /** The budget lane of an API call; absent for token requests. */
  readonly lane?: RequestLane;
  /** The endpoint's circuit after this attempt; absent for token requests. */
  readonly circuit?: CircuitState;
  readonly rateLimit?: RateLimitHeaders;
  readonly correlationId?: string;
}

export type RequestObserver = (event: RequestEvent) => void;

/**
 * What the client's resilience did, for metrics (labels: method, path template, lane: bounded sets).
 * - `circuit-opened` / `circuit-half-open` / `circuit-closed`: an endpoint's circuit changed state.
 * - `circuit-rejected`: a call failed fast because its endpoint's circuit is open (no request was made).
 * - `retry-skipped`: a failed attempt was not retried because the budget had no room in its lane or the
 *   circuit opened; the error went to the caller (the queue backs off).
 * - `token-replaced`: the token a request was about to send would have expired in flight (`expiring`), or
 *   Genesys answered 401 (`rejected`); a new one was used.
 * - `token-rejected`: 401s outlasted `maxTokenReplays`; the call failed with GenesysTokenRejectedError.
 */
export type ClientEvent =
  | {
      readonly kind: "circuit-opened" | "circuit-half-open" | "circuit-closed";
      readonly method: string;
      readonly pathTemplate: string;
      readonly consecutiveFailures: number;
    }
  | {
      readonly kind: "circuit-rejected";
      readonly method: string;
      readonly pathTemplate: string;
      readonly lane: RequestLane;
      readonly retryAfterMs: number;
    }
  | {
      readonly kind: "retry-skipped";
      readonly method: string;
      readonly pathTemplate: string;
      readonly lane: RequestLane;
      readonly reason: "budget" | "circuit";
    }
  | {
      readonly kind: "token-replaced";
      readonly method: string;
      readonly pathTemplate: string;
      readonly lane: RequestLane;
      readonly reason: "expiring" | "rejected";
    }
  | {
      readonly kind: "token-rejected";
      readonly method: string;
      readonly pathTemplate: string;
      readonly lane: RequestLane;
    };

export type ClientEventObserver = (event: ClientEvent) => void;

/** Same contract as notifyObserver: a failing observer is ignored. */
export function notifyClientEvent(observer: ClientEventObserver | undefined, event: ClientEvent): void {
  if (observer === undefined) return;
  try {
    const result: unknown = observer(event);
    if (result instanceof Promise) result.catch(() => undefined);
  } catch {
    // Metrics code must not fail a request.
  }
}

/** Observers are metrics code: a failing one must never turn a good request into a failed one. */
export function notifyObserver(observer: RequestObserver | undefined, event: RequestEvent): void {
  if (observer === undefined) return;
  try {
    const result: unknown = observer(event);
    if (result instanceof Promise) result.catch(() => undefined);
  } catch {
    // Deliberately ignored: see above.
  }
}

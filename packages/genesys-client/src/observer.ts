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
  readonly rateLimit?: RateLimitHeaders;
  readonly correlationId?: string;
}

export type RequestObserver = (event: RequestEvent) => void;

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

import { performance } from "node:perf_hooks";
import { GenesysClientOptionsError } from "./errors.js";

export interface RateBudgetRequest {
  readonly method: string;
  readonly pathTemplate: string;
}

/**
 * Called before every HTTP request to the API host (first attempts, retries and 401 replays alike) and
 * resolves when the request may go. Token requests to the login host are not counted: Genesys limits
 * token creation separately from the per-token API budget.
 */
export interface RateBudget {
  acquire(request: RateBudgetRequest, signal?: AbortSignal): Promise<void>;
}

export interface LocalRateBudgetOptions {
  /** Requests allowed in any window of `windowMs`. */
  readonly limit: number;
  readonly windowMs: number;
  /**
   * Clock in milliseconds (default `performance.now`: monotonic, so a wall-clock step on the host cannot
   * open or close the window early).
   */
  readonly now?: () => number;
}

interface Waiter {
  readonly resolve: () => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

/**
 * An in-process SLIDING window: no window of `windowMs`, wherever it starts, ever holds more than `limit`
 * grants. A fixed window would allow up to twice the limit across a window edge (see design notes), which
 * is what earns 429s. Waiters are served first come, first served. For one process only: a deployment
 * with several processes needs a shared (Redis) budget.
 */
export function createLocalRateBudget(options: LocalRateBudgetOptions): RateBudget {
  const { limit, windowMs } = options;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new GenesysClientOptionsError("limit", "must be a positive integer");
  }
  if (!Number.isFinite(windowMs) || windowMs <= 0) {
    throw new GenesysClientOptionsError("windowMs", "must be a positive number of milliseconds");
  }
  const now = options.now ?? (() => performance.now());
  // Grant times in ascending order; only those inside the current window are kept.
  const grants: number[] = [];
  const waiters: Waiter[] = [];
  let timer: NodeJS.Timeout | undefined;

  const forgetExpired = (at: number) => {
    while (grants.length > 0 && (grants[0] ?? at) <= at - windowMs) grants.shift();
  };

  const pump = () => {
    timer = undefined;
    const at = now();
    forgetExpired(at);
    while (waiters.length > 0 && grants.length < limit) {
      const waiter = waiters.shift();
      if (waiter === undefined) break;
      waiter.signal?.removeEventListener("abort", waiter.onAbort);
      grants.push(at);
      waiter.resolve();
    }
    if (waiters.length > 0) {
      const oldest = grants[0] ?? at;
      timer = setTimeout(pump, Math.max(1, oldest + windowMs - at));
    }
  };

  return {
    acquire(_request, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (waiters.length === 0) {
        const at = now();
        forgetExpired(at);
        if (grants.length < limit) {
          grants.push(at);
          return Promise.resolve();
        }
      }
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          resolve,
          signal,
          onAbort: () => {
            const index = waiters.indexOf(waiter);
            if (index >= 0) waiters.splice(index, 1);
            reject(signal?.reason);
          },
        };
        signal?.addEventListener("abort", waiter.onAbort, { once: true });
        waiters.push(waiter);
        if (timer === undefined) pump();
      });
    },
  };
}

import type { RequestLane } from "../budget/lanes.js";
import type { RequestObserver } from "../observer.js";
import { requirePageSize } from "../validation.js";

export { REQUEST_LANES, type RequestLane } from "../budget/lanes.js";

export interface CallOptions {
  /** Aborts the call, including any wait for the rate budget, a token or a retry. */
  readonly signal?: AbortSignal;
  /** The budget lane the call draws from (default `"decision"`). */
  readonly lane?: RequestLane;
  /**
   * Sees this call's requests (each attempt) besides the client's `onRequest`: what a caller attributes to
   * its own unit of work (a job's decision record) without tracking async context.
   */
  readonly observer?: RequestObserver | undefined;
}

export interface PageOptions extends CallOptions {
  /** Entities per request, 1–100. Default 100 (fewest requests against the rate budget). */
  readonly pageSize?: number;
}

export const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 100;

export function pageSizeOf(options: PageOptions): number {
  return options.pageSize === undefined
    ? DEFAULT_PAGE_SIZE
    : requirePageSize("pageSize", options.pageSize, MAX_PAGE_SIZE);
}

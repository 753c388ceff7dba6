import { AsyncLocalStorage } from "node:async_hooks";
import type { RequestEvent, RequestObserver } from "@routing/genesys-client";

/** Most calls one decision records (the decision log refuses more); the rest are only counted. */
const MAX_CALLS_PER_JOB = 50;

/** The Genesys calls one job made, as the client's observer saw them (one entry per attempt). */
export interface CapturedCalls {
  readonly calls: readonly RequestEvent[];
  /** Calls beyond `MAX_CALLS_PER_JOB`, left out. */
  readonly omitted: number;
}

/**
 * The Genesys client has one request observer for the whole process, shared by every job running at once.
 * Each job runs inside its own async context, so an observed request is attributed to the job whose await
 * chain made it: no per-job client, and no change to how handlers call Genesys.
 */
export interface GenesysCallCapture {
  /** Wraps the process's observer (metrics): it still sees every request. */
  observer(next?: RequestObserver): RequestObserver;
  /** Runs `work`, collecting every Genesys request made inside it. */
  capture<T>(work: () => Promise<T>): { readonly result: Promise<T>; readonly calls: () => CapturedCalls };
}

export function createGenesysCallCapture(): GenesysCallCapture {
  const current = new AsyncLocalStorage<{ calls: RequestEvent[]; omitted: number }>();
  return {
    observer: (next) => (event) => {
      const collector = current.getStore();
      if (collector !== undefined) {
        if (collector.calls.length < MAX_CALLS_PER_JOB) collector.calls.push(event);
        else collector.omitted += 1;
      }
      next?.(event);
    },
    capture(work) {
      const collector = { calls: [] as RequestEvent[], omitted: 0 };
      const result = current.run(collector, work);
      return { result, calls: () => ({ calls: [...collector.calls], omitted: collector.omitted }) };
    },
  };
}

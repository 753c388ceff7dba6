import type { RequestEvent, RequestObserver } from "@routing/genesys-client";

/** Most calls one decision records (the decision log refuses more); the rest are only counted. */
const MAX_CALLS_PER_JOB = 50;

/** The Genesys calls one job made, as the client's observer saw them (one entry per attempt). */
export interface CapturedCalls {
  readonly calls: readonly RequestEvent[];
  /** Calls beyond `MAX_CALLS_PER_JOB`, left out. */
  readonly omitted: number;
}

/** One job's collector: its `observer` goes with every call the job makes (`callOptions`). */
export interface GenesysCallCollector {
  readonly observer: RequestObserver;
  calls(): CapturedCalls;
}

/**
 * Collects the requests of one job. The job's call options carry the observer to each call, rather than
 * an AsyncLocalStorage scope around the job: that would install promise hooks for the whole process and
 * cost every promise of every job (about a tenth of a decision's CPU, measured in `npm run bench`).
 */
export function collectGenesysCalls(): GenesysCallCollector {
  const calls: RequestEvent[] = [];
  let omitted = 0;
  return {
    observer: (event) => {
      if (calls.length < MAX_CALLS_PER_JOB) calls.push(event);
      else omitted += 1;
    },
    calls: () => ({ calls: [...calls], omitted }),
  };
}

import type { AnyPreparedJob, EnqueueResult } from "./job-enqueuer.js";
import type { JobSource } from "./metrics.js";
import { EnqueueAbandonedError, type RetryingEnqueue } from "./retrying-enqueue.js";

export interface BufferLimits {
  /** Jobs held at most (waiting and being added). */
  readonly maxJobs: number;
  /** Approximate bytes held at most: the jobs' JSON plus a fixed overhead per job. */
  readonly maxBytes: number;
}

export interface BufferedJob {
  readonly job: AnyPreparedJob;
  readonly source: JobSource;
  /** When the event it came from was received (or, for a recovery, where its window starts). */
  readonly receivedAtMs: number;
  readonly bytes: number;
}

export type BufferOutcome =
  | { readonly kind: "added"; readonly result: EnqueueResult }
  | { readonly kind: "abandoned"; readonly error: EnqueueAbandonedError };

export interface EnqueueBufferOptions {
  readonly enqueue: RetryingEnqueue;
  /** Aborted at shutdown: what is still held then is abandoned (each reported through `onSettled`). */
  readonly stopSignal: AbortSignal;
  readonly limits: BufferLimits;
  /** Adds in flight at once: Redis round trips overlap, the order of jobs does not matter (ids dedupe). */
  readonly concurrency: number;
  /** Every job ends here exactly once: added (new or duplicate), or abandoned at shutdown. */
  readonly onSettled: (entry: BufferedJob, outcome: BufferOutcome) => void;
}

export interface EnqueueBuffer {
  /** Takes the job unless the buffer is full (false: nothing was taken; the caller accounts for it). */
  offer(job: AnyPreparedJob, source: JobSource, receivedAtMs: number): boolean;
  /**
   * Takes the job even when full. For recovery jobs only: there are few (one per gap), and each stands
   * for events that are lost without it.
   */
  force(job: AnyPreparedJob, source: JobSource, receivedAtMs: number): void;
  /** The oldest `receivedAtMs` not yet in Redis (held or being added); undefined when empty. */
  oldestReceivedAtMs(): number | undefined;
  readonly jobs: number;
  readonly bytes: number;
  /** Resolves once nothing is held (everything added or abandoned). */
  idle(): Promise<void>;
}

/** Per-job bookkeeping on top of the JSON: object headers, the options, the map entry. */
const JOB_OVERHEAD_BYTES = 512;

function jobBytes(job: AnyPreparedJob): number {
  return Buffer.byteLength(JSON.stringify(job.data)) + JOB_OVERHEAD_BYTES;
}

/**
 * The bounded hand-over between the notification stream and Redis. The stream never waits on Redis (had it
 * waited, its own unbounded queue of received frames would have grown instead: 64 MB per 30,000 frames);
 * the buffer holds what Redis has not taken yet, up to `limits`, and says no beyond them, so that the
 * caller can record the loss as a window to recover.
 */
export function createEnqueueBuffer(options: EnqueueBufferOptions): EnqueueBuffer {
  const { enqueue, stopSignal, limits, concurrency, onSettled } = options;
  let queue: BufferedJob[] = [];
  let head = 0;
  const inFlight = new Set<BufferedJob>();
  let bytes = 0;
  let idleWaiters: (() => void)[] = [];

  const held = () => queue.length - head + inFlight.size;

  const settle = (entry: BufferedJob, outcome: BufferOutcome): void => {
    bytes -= entry.bytes;
    onSettled(entry, outcome);
  };

  const notifyIfIdle = (): void => {
    if (held() > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const take = (): BufferedJob | undefined => {
    const entry = queue[head];
    if (entry === undefined) return undefined;
    head++;
    // Compact now and then: shifting a long array on every job would be quadratic.
    if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
    return entry;
  };

  const abandonHeld = (): void => {
    for (let entry = take(); entry !== undefined; entry = take()) {
      settle(entry, {
        kind: "abandoned",
        error: new EnqueueAbandonedError(entry.job.name, String(entry.job.opts.jobId), 0),
      });
    }
  };

  const pump = (): void => {
    if (stopSignal.aborted) abandonHeld();
    while (inFlight.size < concurrency) {
      const entry = take();
      if (entry === undefined) break;
      inFlight.add(entry);
      enqueue(entry.job, stopSignal).then(
        (result) => finish(entry, { kind: "added", result }),
        (error: unknown) => {
          if (error instanceof EnqueueAbandonedError) finish(entry, { kind: "abandoned", error });
          // Not Redis being away (those are retried inside enqueue): a bug; the job is reported lost.
          else finish(entry, { kind: "abandoned", error: abandonedBy(entry, error) });
        },
      );
    }
    notifyIfIdle();
  };

  const finish = (entry: BufferedJob, outcome: BufferOutcome): void => {
    inFlight.delete(entry);
    settle(entry, outcome);
    pump();
  };

  stopSignal.addEventListener("abort", () => pump(), { once: true });

  const push = (job: AnyPreparedJob, source: JobSource, receivedAtMs: number): void => {
    const entry: BufferedJob = { job, source, receivedAtMs, bytes: jobBytes(job) };
    queue.push(entry);
    bytes += entry.bytes;
    pump();
  };

  return {
    offer(job, source, receivedAtMs) {
      if (held() >= limits.maxJobs || bytes + jobBytes(job) > limits.maxBytes) return false;
      push(job, source, receivedAtMs);
      return true;
    },
    force: push,
    oldestReceivedAtMs() {
      let oldest: number | undefined;
      for (let index = head; index < queue.length; index++) {
        const at = queue[index]?.receivedAtMs;
        if (at !== undefined && (oldest === undefined || at < oldest)) oldest = at;
      }
      for (const entry of inFlight) {
        if (oldest === undefined || entry.receivedAtMs < oldest) oldest = entry.receivedAtMs;
      }
      return oldest;
    },
    get jobs() {
      return held();
    },
    get bytes() {
      return bytes;
    },
    idle() {
      if (held() === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}

function abandonedBy(entry: BufferedJob, error: unknown): EnqueueAbandonedError {
  const abandoned = new EnqueueAbandonedError(entry.job.name, String(entry.job.opts.jobId), 1);
  abandoned.cause = error;
  return abandoned;
}

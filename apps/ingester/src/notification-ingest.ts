import type { NotificationEvent, NotificationGap } from "@routing/genesys-client";
import type { PreparedJob } from "@routing/jobs";
import type { Logger } from "@routing/service-kit";
import {
  type BufferedJob,
  type BufferLimits,
  type BufferOutcome,
  createEnqueueBuffer,
} from "./enqueue-buffer.js";
import { jobsForEvent } from "./event-to-jobs.js";
import { type RecoverReason, recoverJobForGap, recoverJobForWindow } from "./gap-to-job.js";
import type { AnyPreparedJob } from "./job-enqueuer.js";
import type { IngesterMetrics, JobSource } from "./metrics.js";
import type { RetryingEnqueue } from "./retrying-enqueue.js";
import { topicFamily } from "./topic-family.js";

export interface NotEnqueued {
  readonly count: number;
  /** The first ids (a replay needs them; the full list could be long). */
  readonly jobIds: readonly string[];
}

export interface NotificationIngest {
  /**
   * For the stream's onEvent: maps the event to jobs and hands them to the buffer. Never waits for Redis,
   * so the stream never piles frames up behind a slow or absent Redis.
   */
  onEvent(event: NotificationEvent): Promise<void>;
  /** For the stream's onGap: records the window as a notifications.recover job. */
  onGap(gap: NotificationGap): Promise<void>;
  /** Records a window no ingester may have seen (a recovery at start-up) as a notifications.recover job. */
  recoverWindow(topics: readonly string[], fromMs: number, toMs: number, reason: RecoverReason): void;
  /**
   * The oldest moment whose events are not all in Redis yet: jobs still held, or a window of dropped ones
   * waiting to be covered by a recovery. Undefined: everything received is in Redis.
   */
  pendingSinceMs(): number | undefined;
  /** Resolves once every job received so far is in Redis or given up. */
  drained(): Promise<void>;
  /** Jobs given up because the ingester stopped before Redis took them. */
  notEnqueued(): NotEnqueued;
}

export interface NotificationIngestOptions {
  readonly enqueue: RetryingEnqueue;
  /** Aborted when the ingester stops waiting for Redis (shutdown). */
  readonly stopSignal: AbortSignal;
  readonly buffer: BufferLimits;
  /** Adds in flight at once. */
  readonly enqueueConcurrency: number;
  readonly metrics: IngesterMetrics;
  readonly logger: Logger;
  readonly now: () => number;
}

const JOB_IDS_KEPT = 100;

/** Clocks (Genesys', the worker's that stamped finishedOn) may disagree by this much without a false alarm. */
const CLOCK_SKEW_MS = 5_000;

/**
 * A duplicate whose stored job finished before this event's customer even entered the queue is no repeat
 * of that job's event: a new conversation (or queue entry) whose job id is taken. Genesys ids never repeat,
 * so it means conversation ids do (an emulator restarted with the same seed and run id).
 */
function takenBy(job: AnyPreparedJob, finishedAtMs: number | undefined): boolean {
  if (finishedAtMs === undefined) return false;
  if (job.name !== "conversation.score" && job.name !== "assignment.check") return false;
  const { queuedAtMs } = job.data;
  return queuedAtMs !== undefined && queuedAtMs > finishedAtMs + CLOCK_SKEW_MS;
}

/** Events dropped while the buffer was full: one window per episode, recovered once there is room again. */
interface OverflowWindow {
  fromMs: number;
  toMs: number;
  readonly topics: Set<string>;
  dropped: number;
}

const SOURCE_OF_REASON: Partial<Record<RecoverReason, JobSource>> = {
  "ingester-start": "start",
  "buffer-overflow": "overflow",
};

export function createNotificationIngest(options: NotificationIngestOptions): NotificationIngest {
  const { stopSignal, metrics, logger, now } = options;
  let notEnqueuedCount = 0;
  const notEnqueuedIds: string[] = [];
  let overflow: OverflowWindow | undefined;

  const onSettled = (entry: BufferedJob, outcome: BufferOutcome): void => {
    const { job, source } = entry;
    if (outcome.kind === "added") {
      const { jobId, duplicate, finishedAtMs } = outcome.result;
      (duplicate ? metrics.duplicates : metrics.jobsEnqueued).inc({ job_name: job.name, source });
      if (duplicate && takenBy(job, finishedAtMs)) {
        metrics.jobIdsTaken.inc({ job_name: job.name });
        logger.warn(
          { job: job.name, jobId, source, finishedAtMs, ...job.data },
          "no decision: a job that finished before this customer entered the queue holds the job id (conversation ids repeat? an emulator restarted with the same seed and EMULATOR_RUN_ID)",
        );
      } else {
        logger.debug(
          { job: job.name, jobId, duplicate, source },
          duplicate ? "duplicate job" : "job enqueued",
        );
      }
      recoverOverflowOnceRoom();
      return;
    }
    const { error } = outcome;
    notEnqueuedCount++;
    if (notEnqueuedIds.length < JOB_IDS_KEPT) notEnqueuedIds.push(error.jobId);
    metrics.enqueueFailures.inc({ job_name: job.name, source });
    logger.error(
      { job: job.name, jobId: error.jobId, attempts: error.attempts, source },
      "job not enqueued: the ingester is stopping",
    );
  };

  const buffer = createEnqueueBuffer({
    enqueue: options.enqueue,
    stopSignal,
    limits: options.buffer,
    concurrency: options.enqueueConcurrency,
    onSettled,
  });
  metrics.observeBuffer(() => ({ jobs: buffer.jobs, bytes: buffer.bytes }));

  const recover = (job: PreparedJob<"notifications.recover">, source: JobSource): void => {
    const { reason, fromMs, toMs, topics } = job.data;
    logger.warn(
      { source, reason, fromMs, toMs, topicCount: topics.length, jobId: job.opts.jobId },
      "notifications may have been missed; recording a notifications.recover job",
    );
    // Its window stays "not in Redis" until the job is: the watermark cannot pass it before.
    buffer.force(job, source, fromMs);
  };

  const recoverWindow = (
    topics: readonly string[],
    fromMs: number,
    toMs: number,
    reason: RecoverReason,
  ): void => {
    if (topics.length === 0) return;
    const job = recoverJobForWindow(topics, fromMs, toMs, reason);
    recover(job, SOURCE_OF_REASON[reason] ?? "gap");
  };

  /** Once half the buffer is free again, the dropped window becomes one recovery (and the episode ends). */
  function recoverOverflowOnceRoom(): void {
    if (overflow === undefined || stopSignal.aborted) return;
    if (buffer.jobs * 2 > options.buffer.maxJobs || buffer.bytes * 2 > options.buffer.maxBytes) return;
    const ended = overflow;
    overflow = undefined;
    logger.warn(
      { dropped: ended.dropped, fromMs: ended.fromMs, toMs: ended.toMs, topics: ended.topics.size },
      "the buffer has room again: the events it dropped are covered by a notifications.recover job",
    );
    recoverWindow([...ended.topics], ended.fromMs, ended.toMs, "buffer-overflow");
  }

  const dropForOverflow = (job: AnyPreparedJob, topic: string, receivedAtMs: number): void => {
    metrics.bufferOverflows.inc({ job_name: job.name });
    if (overflow === undefined) {
      overflow = { fromMs: receivedAtMs, toMs: receivedAtMs, topics: new Set(), dropped: 0 };
      // Once per episode, not once per event: an outage must not flood the log.
      logger.error(
        { maxJobs: options.buffer.maxJobs, maxBytes: options.buffer.maxBytes },
        "enqueue buffer full (Redis away too long): dropping events until there is room; they will be recovered",
      );
    }
    overflow.fromMs = Math.min(overflow.fromMs, receivedAtMs);
    overflow.toMs = Math.max(overflow.toMs, receivedAtMs);
    overflow.topics.add(topic);
    overflow.dropped++;
  };

  return {
    async onEvent(event) {
      const family = topicFamily(event.topicName);
      metrics.notificationEvents.inc({ topic_kind: family });
      const receivedAtMs = now();
      const result = jobsForEvent(event, receivedAtMs);
      for (const rejected of result.rejected) {
        metrics.jobsRejected.inc({ job_name: rejected.jobName });
        logger.warn(
          { job: rejected.jobName, field: rejected.field, topicFamily: family },
          "event asked for a job the catalog refused",
        );
      }
      if (result.noJobReason !== undefined) metrics.eventsWithoutJob.inc({ reason: result.noJobReason });
      for (const job of result.jobs) {
        if (!buffer.offer(job, "notification", receivedAtMs)) {
          dropForOverflow(job, event.topicName, receivedAtMs);
        }
      }
    },

    async onGap(gap) {
      metrics.gaps.inc({ reason: gap.reason });
      logger.warn(
        { reason: gap.reason, channelIndex: gap.channelIndex, closeCode: gap.closeCode },
        "notification socket lost and replaced",
      );
      recover(recoverJobForGap(gap), "gap");
    },

    recoverWindow,

    pendingSinceMs() {
      const held = buffer.oldestReceivedAtMs();
      if (overflow === undefined) return held;
      return held === undefined ? overflow.fromMs : Math.min(held, overflow.fromMs);
    },

    drained: () => buffer.idle(),

    notEnqueued() {
      // Dropped for overflow and never recovered (the ingester stopped first) counts as not enqueued too.
      const dropped = overflow?.dropped ?? 0;
      return { count: notEnqueuedCount + dropped, jobIds: [...notEnqueuedIds] };
    },
  };
}

import type { NotificationEvent, NotificationGap } from "@routing/genesys-client";
import type { Logger } from "@routing/service-kit";
import { jobsForEvent } from "./event-to-jobs.js";
import { recoverJobForGap } from "./gap-to-job.js";
import type { AnyPreparedJob } from "./job-enqueuer.js";
import type { IngesterMetrics, JobSource } from "./metrics.js";
import { EnqueueAbandonedError, type RetryingEnqueue } from "./retrying-enqueue.js";
import { topicKind } from "./topics.js";

export interface NotEnqueued {
  readonly count: number;
  /** The first ids (a replay needs them; the full list could be long). */
  readonly jobIds: readonly string[];
}

export interface NotificationIngest {
  /** For the stream's onEvent: resolves once every job of the event is in Redis, or the ingester stops. */
  onEvent(event: NotificationEvent): Promise<void>;
  /** For the stream's onGap: records the window as a notifications.recover job. */
  onGap(gap: NotificationGap): Promise<void>;
  /** Jobs given up because the ingester stopped before Redis took them. */
  notEnqueued(): NotEnqueued;
}

export interface NotificationIngestOptions {
  readonly enqueue: RetryingEnqueue;
  /** Aborted when the ingester stops waiting for Redis (shutdown). */
  readonly stopSignal: AbortSignal;
  readonly metrics: IngesterMetrics;
  readonly logger: Logger;
  readonly now: () => number;
}

const JOB_IDS_KEPT = 100;

export function createNotificationIngest(options: NotificationIngestOptions): NotificationIngest {
  const { enqueue, stopSignal, metrics, logger, now } = options;
  let notEnqueuedCount = 0;
  const notEnqueuedIds: string[] = [];

  const enqueueJob = async (job: AnyPreparedJob, source: JobSource): Promise<void> => {
    try {
      const { jobId, duplicate } = await enqueue(job, stopSignal);
      (duplicate ? metrics.duplicates : metrics.jobsEnqueued).inc({ job_name: job.name, source });
      logger.debug({ job: job.name, jobId, duplicate, source }, duplicate ? "duplicate job" : "job enqueued");
    } catch (error) {
      if (!(error instanceof EnqueueAbandonedError)) throw error;
      notEnqueuedCount++;
      if (notEnqueuedIds.length < JOB_IDS_KEPT) notEnqueuedIds.push(error.jobId);
      metrics.enqueueFailures.inc({ job_name: job.name, source });
      logger.error(
        { job: job.name, jobId: error.jobId, attempts: error.attempts, source },
        "job not enqueued: the ingester is stopping",
      );
    }
  };

  return {
    async onEvent(event) {
      metrics.notificationEvents.inc({ topic_kind: topicKind(event.topicName) });
      const result = jobsForEvent(event, now());
      for (const rejected of result.rejected) {
        metrics.jobsRejected.inc({ job_name: rejected.jobName });
        logger.warn(
          { job: rejected.jobName, field: rejected.field, topicKind: topicKind(event.topicName) },
          "event asked for a job the catalog refused",
        );
      }
      if (result.noJobReason !== undefined) metrics.eventsWithoutJob.inc({ reason: result.noJobReason });
      for (const job of result.jobs) await enqueueJob(job, "notification");
    },

    async onGap(gap) {
      metrics.gaps.inc({ reason: gap.reason });
      const job = recoverJobForGap(gap);
      logger.warn(
        {
          reason: gap.reason,
          channelIndex: gap.channelIndex,
          closeCode: gap.closeCode,
          topicCount: gap.topics.length,
          fromMs: job.data.fromMs,
          toMs: job.data.toMs,
          jobId: job.opts.jobId,
        },
        "notifications may have been missed; recording a notifications.recover job",
      );
      await enqueueJob(job, "gap");
    },

    notEnqueued: () => ({ count: notEnqueuedCount, jobIds: [...notEnqueuedIds] }),
  };
}

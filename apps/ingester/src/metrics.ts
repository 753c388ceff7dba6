import type { GenesysNotificationStreamErrorCode, NotificationStreamStats } from "@routing/genesys-client";
import type { JobName } from "@routing/jobs";
import { Counter, Gauge, type Registry } from "prom-client";

/**
 * Where a job came from: a notification event, a gap in the notifications (a lost socket), a recovery of
 * what the deployment may have missed while no ingester ran (`start`) or while the buffer was full
 * (`overflow`), or the messaging webhook.
 */
export type JobSource = "notification" | "gap" | "start" | "overflow" | "webhook";

/** The jobs each source makes: their counters start at 0, so the first loss after a start shows in increase(). */
const JOBS_BY_SOURCE: Readonly<Record<JobSource, readonly JobName[]>> = {
  notification: ["conversation.score", "assignment.check"],
  gap: ["notifications.recover"],
  start: ["notifications.recover"],
  overflow: ["notifications.recover"],
  webhook: ["handoff.turn"],
};

export interface IngesterMetrics {
  readonly notificationEvents: Counter<"topic_kind">;
  readonly jobsEnqueued: Counter<"job_name" | "source">;
  readonly duplicates: Counter<"job_name" | "source">;
  readonly jobIdsTaken: Counter<"job_name">;
  readonly eventsWithoutJob: Counter<"reason">;
  readonly jobsRejected: Counter<"job_name">;
  readonly enqueueRetries: Counter<"job_name">;
  readonly enqueueFailures: Counter<"job_name" | "source">;
  readonly enqueuesWaiting: Gauge;
  readonly gaps: Counter<"reason">;
  readonly streamErrors: Counter<"code">;
  readonly bufferOverflows: Counter<"job_name">;
  /** Reads the stream's own counters at every scrape (until then there is no stream yet). */
  observeStream(stats: () => NotificationStreamStats): void;
  /** Reads the enqueue buffer's size at every scrape. */
  observeBuffer(size: () => { readonly jobs: number; readonly bytes: number }): void;
}

type StreamCounterName = Exclude<keyof NotificationStreamStats, "channels">;

/** The stream's error codes (the build fails when the client adds one this list lacks). */
const STREAM_ERROR_CODES: Record<GenesysNotificationStreamErrorCode, true> = {
  "start-failed": true,
  closed: true,
  "connect-failed": true,
  "channel-stopped": true,
  "socket-error": true,
  "invalid-frame": true,
  "event-handler-failed": true,
  "callback-failed": true,
  "connect-rejected": true,
  "resubscribe-failed": true,
};

/** A metric label from the known list, else "other": a label never carries what a sender wrote. */
export function streamErrorLabel(code: string): string {
  return Object.hasOwn(STREAM_ERROR_CODES, code) ? code : "other";
}

/**
 * Every ingester series. Labels are bounded: job names (`job_name`: Prometheus owns `job`), topic kinds with
 * ids replaced, enum reasons and route templates, never an id or anything a sender wrote.
 */
export function createIngesterMetrics(registry: Registry, now: () => number = Date.now): IngesterMetrics {
  const registers = [registry];
  let streamStats: (() => NotificationStreamStats) | undefined;
  let bufferSize: (() => { readonly jobs: number; readonly bytes: number }) | undefined;

  /** A stream counter as a Prometheus counter: advanced by the difference since the last scrape. */
  const streamCounter = (name: string, help: string, counter: StreamCounterName): void => {
    let reported = 0;
    new Counter({
      name,
      help,
      registers,
      collect() {
        const value = streamStats?.()[counter] ?? reported;
        if (value > reported) this.inc(value - reported);
        reported = Math.max(reported, value);
      },
    });
  };
  streamCounter(
    "ingester_stream_reconnects_total",
    "Sockets re-established after an unplanned loss",
    "reconnects",
  );
  streamCounter(
    "ingester_stream_handovers_total",
    "Make-before-break moves to a new channel after v2.system.socket_closing",
    "handovers",
  );
  streamCounter(
    "ingester_stream_invalid_frames_total",
    "Frames that were not JSON or had no topicName",
    "invalidFrames",
  );
  streamCounter("ingester_stream_heartbeats_total", "Genesys heartbeats received", "heartbeats");
  streamCounter(
    "ingester_stream_duplicate_frames_dropped_total",
    "Second copies of an event received on both sockets during a handover",
    "duplicatesDropped",
  );
  streamCounter(
    "ingester_stream_connect_failures_total",
    "Transient failures to create, subscribe or open a channel (each retried)",
    "connectFailures",
  );
  // Sign of life: heartbeats (Genesys sends one every 30 s per socket), events and pongs. The stream keeps
  // counters, not times, so the time is taken when a scrape finds them moved: exact to one scrape interval.
  // Until the first frame it is the time the ingester started, so a stream that never opens turns stale too.
  let framesSeen = 0;
  let lastFrameAtMs = now();
  new Gauge({
    name: "ingester_stream_last_frame_timestamp_seconds",
    help: "Unix time at which a scrape last found new notification frames (heartbeats, events, pongs); the start time until the first",
    registers,
    collect() {
      const stats = streamStats?.();
      const frames = stats === undefined ? 0 : stats.heartbeats + stats.events + stats.pongs;
      if (frames > framesSeen) lastFrameAtMs = now();
      framesSeen = Math.max(framesSeen, frames);
      this.set(lastFrameAtMs / 1000);
    },
  });
  new Gauge({
    name: "ingester_stream_channels",
    help: "Notification channels by status",
    labelNames: ["status"] as const,
    registers,
    collect() {
      this.reset();
      for (const channel of streamStats?.().channels ?? []) this.inc({ status: channel.status });
    },
  });

  new Gauge({
    name: "ingester_buffered_jobs",
    help: "Jobs received and not in Redis yet (bounded by INGESTER_BUFFER_MAX_JOBS)",
    registers,
    collect() {
      this.set(bufferSize?.().jobs ?? 0);
    },
  });
  new Gauge({
    name: "ingester_buffered_bytes",
    help: "Approximate bytes of those jobs (bounded by INGESTER_BUFFER_MAX_BYTES)",
    registers,
    collect() {
      this.set(bufferSize?.().bytes ?? 0);
    },
  });

  const metrics: IngesterMetrics = {
    notificationEvents: new Counter({
      name: "ingester_notification_events_total",
      help: "Notification events received, by topic family (a documented family with ids as {id}, else other)",
      labelNames: ["topic_kind"] as const,
      registers,
    }),
    jobsEnqueued: new Counter({
      name: "ingester_jobs_enqueued_total",
      help: "Jobs added to BullMQ (new job ids only)",
      labelNames: ["job_name", "source"] as const,
      registers,
    }),
    duplicates: new Counter({
      name: "ingester_job_duplicates_total",
      help: "Adds whose job id was already in the queue (a repeated event): nothing was added",
      labelNames: ["job_name", "source"] as const,
      registers,
    }),
    jobIdsTaken: new Counter({
      name: "ingester_job_ids_taken_total",
      help: "Decisions not taken because a job that finished before the customer entered the queue holds their job id (conversation ids repeating: an emulator restarted with the same seed and run id)",
      labelNames: ["job_name"] as const,
      registers,
    }),
    eventsWithoutJob: new Counter({
      name: "ingester_events_without_job_total",
      help: "Notification events that asked for no job, by reason",
      labelNames: ["reason"] as const,
      registers,
    }),
    jobsRejected: new Counter({
      name: "ingester_jobs_rejected_total",
      help: "Jobs an event asked for whose payload the job catalog refused (logged with the field)",
      labelNames: ["job_name"] as const,
      registers,
    }),
    enqueueRetries: new Counter({
      name: "ingester_enqueue_retries_total",
      help: "Failed attempts to add a job that are retried after a backoff (Redis unavailable or slow)",
      labelNames: ["job_name"] as const,
      registers,
    }),
    enqueueFailures: new Counter({
      name: "ingester_enqueue_failures_total",
      help: "Jobs given up without being added: at shutdown (logged) or a webhook answered 503",
      labelNames: ["job_name", "source"] as const,
      registers,
    }),
    enqueuesWaiting: new Gauge({
      name: "ingester_enqueues_waiting",
      help: "Jobs waiting for Redis right now (each holds back its channel's next events)",
      registers,
    }),
    gaps: new Counter({
      name: "ingester_notification_gaps_total",
      help: "Windows in which notifications may have been missed (each becomes a notifications.recover job)",
      labelNames: ["reason"] as const,
      registers,
    }),
    streamErrors: new Counter({
      name: "ingester_stream_errors_total",
      help: "Problems the notification stream reported without stopping, by code",
      labelNames: ["code"] as const,
      registers,
    }),
    bufferOverflows: new Counter({
      name: "ingester_buffer_overflows_total",
      help: "Jobs dropped because the buffer was full (Redis away too long); a notifications.recover job covers them",
      labelNames: ["job_name"] as const,
      registers,
    }),
    observeStream(stats) {
      streamStats = stats;
    },
    observeBuffer(size) {
      bufferSize = size;
    },
  };
  for (const [source, jobNames] of Object.entries(JOBS_BY_SOURCE)) {
    for (const job_name of jobNames) {
      metrics.jobsEnqueued.inc({ job_name, source }, 0);
      metrics.duplicates.inc({ job_name, source }, 0);
      metrics.enqueueFailures.inc({ job_name, source }, 0);
    }
  }
  for (const job_name of JOBS_BY_SOURCE.notification) metrics.jobIdsTaken.inc({ job_name }, 0);
  return metrics;
}

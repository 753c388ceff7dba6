import {
  createNotificationStream,
  type GenesysClient,
  type GenesysNotificationStreamError,
  type NotificationStream,
  type NotificationStreamOptions,
  type NotificationStreamState,
} from "@routing/genesys-client";
import type { Logger } from "@routing/service-kit";
import type { Redis } from "ioredis";
import type { Registry } from "prom-client";
import { createDeliveryWatermark } from "./delivery-watermark.js";
import type { StreamHealth } from "./handlers/healthz.js";
import { createHttpApp } from "./http/create-http-app.js";
import { type HttpServer, listenHttp } from "./http/http-server.js";
import { createJobEnqueuer } from "./job-enqueuer.js";
import { createIngesterMetrics, streamErrorLabel } from "./metrics.js";
import { createNotificationIngest } from "./notification-ingest.js";
import { resolveQueueIds } from "./queue-discovery.js";
import { createRedisHealthCheck } from "./redis-health.js";
import { createRetryingEnqueue } from "./retrying-enqueue.js";
import { createRoutes } from "./routes.js";
import { queueConversationsTopic } from "./topics.js";
import { createWatermarkKeeper, type WatermarkKeeper } from "./watermark-keeper.js";

export interface IngesterTuning {
  /** One add that gets no answer within this is retried (a dead connection can hold a command forever). */
  readonly enqueueAttemptTimeoutMs: number;
  readonly enqueueRetryBaseDelayMs: number;
  readonly enqueueRetryMaxDelayMs: number;
  /** How long a webhook request waits for Redis before answering 503. */
  readonly webhookEnqueueDeadlineMs: number;
  readonly webhookBodyLimitBytes: number;
  /** On close, how long events already received may still wait for Redis before they are given up (and logged). */
  readonly shutdownDrainTimeoutMs: number;
  /** On close, how long HTTP requests in flight may take. */
  readonly httpCloseGraceMs: number;
  /** Jobs held while Redis does not take them; past this, events are dropped and recovered later. */
  readonly bufferMaxJobs: number;
  /** The same bound in (approximate) bytes of job JSON. */
  readonly bufferMaxBytes: number;
  /** Adds in flight at once. */
  readonly enqueueConcurrency: number;
  /** How often the deployment's delivery watermark is raised (see watermark-keeper.ts). */
  readonly watermarkIntervalMs: number;
  /** A Redis PING slower than this makes /healthz answer 503. */
  readonly redisHealthTimeoutMs: number;
}

export const INGESTER_TUNING_DEFAULTS: IngesterTuning = {
  enqueueAttemptTimeoutMs: 5_000,
  enqueueRetryBaseDelayMs: 200,
  enqueueRetryMaxDelayMs: 5_000,
  webhookEnqueueDeadlineMs: 2_000,
  webhookBodyLimitBytes: 64 * 1024,
  shutdownDrainTimeoutMs: 10_000,
  httpCloseGraceMs: 5_000,
  bufferMaxJobs: 10_000,
  bufferMaxBytes: 16 * 1024 * 1024,
  enqueueConcurrency: 4,
  watermarkIntervalMs: 2_000,
  redisHealthTimeoutMs: 1_000,
};

export type StreamTuning = Partial<
  Pick<
    NotificationStreamOptions,
    | "pingIntervalMs"
    | "silenceTimeoutMs"
    | "reconnectBaseDelayMs"
    | "reconnectMaxDelayMs"
    | "closeTimeoutMs"
    | "createWebSocket"
  >
>;

export interface IngesterDependencies {
  /** The shared-budget client from createGenesysRuntime: our own calls count against the workers' budget. */
  readonly genesys: Pick<GenesysClient, "notifications" | "routing">;
  /** BullMQ's connection for the queues; owned (and quit) by the caller. */
  readonly queueConnection: Redis;
  readonly bullmqPrefix: string;
  readonly logger: Logger;
  /** The process registry (createMetricsRegistry); the ingester adds its series to it and serves it. */
  readonly registry: Registry;
  readonly webhookSecret: string;
  /** 0: any free port (tests). */
  readonly port: number;
  readonly host?: string;
  /** Undefined: every queue of the org. */
  readonly queueIds?: readonly string[] | undefined;
  readonly tuning?: Partial<IngesterTuning>;
  readonly stream?: StreamTuning;
  readonly now?: () => number;
}

export interface Ingester {
  /** Serves HTTP at once, then subscribes every queue; resolves once every channel is open. */
  start(): Promise<void>;
  /** Stream (draining what was received), HTTP server, queues. Safe to call in any state, more than once. */
  close(): Promise<void>;
  /** The bound HTTP port (after start). */
  port(): number;
  state(): NotificationStreamState;
  /** The topics subscribed (after start). */
  topics(): readonly string[];
}

/**
 * Genesys notifications and the messaging webhook in, deduplicated BullMQ jobs out. Everything it needs
 * comes in through `deps`, so tests run it in-process against an isolated Redis and a private emulator.
 */
export function createIngester(deps: IngesterDependencies): Ingester {
  const tuning = { ...INGESTER_TUNING_DEFAULTS, ...deps.tuning };
  const { logger } = deps;
  const now = deps.now ?? Date.now;
  const metrics = createIngesterMetrics(deps.registry);
  // Aborted at shutdown: jobs still waiting for Redis then are given up, counted and logged.
  const stopEnqueueing = new AbortController();
  // Aborted by close() during start(): a queue listing in progress is not waited for.
  const stopStarting = new AbortController();

  const enqueuer = createJobEnqueuer({
    connection: deps.queueConnection,
    prefix: deps.bullmqPrefix,
    attemptTimeoutMs: tuning.enqueueAttemptTimeoutMs,
    onQueueError: (error) => logger.warn({ error: error.message }, "job queue connection error"),
  });
  const enqueue = createRetryingEnqueue({
    enqueuer,
    metrics,
    logger,
    policy: { baseDelayMs: tuning.enqueueRetryBaseDelayMs, maxDelayMs: tuning.enqueueRetryMaxDelayMs },
  });
  const ingest = createNotificationIngest({
    enqueue,
    stopSignal: stopEnqueueing.signal,
    buffer: { maxJobs: tuning.bufferMaxJobs, maxBytes: tuning.bufferMaxBytes },
    enqueueConcurrency: tuning.enqueueConcurrency,
    metrics,
    logger,
    now,
  });
  const watermark = createDeliveryWatermark({ redis: deps.queueConnection, keyPrefix: deps.bullmqPrefix });
  const redisHealth = createRedisHealthCheck(deps.queueConnection, {
    timeoutMs: tuning.redisHealthTimeoutMs,
  });

  let stream: NotificationStream | undefined;
  let topics: readonly string[] = [];
  let server: HttpServer | undefined;
  let keeper: WatermarkKeeper | undefined;
  let started: Promise<void> | undefined;
  let closed: Promise<void> | undefined;

  const streamState = () => stream?.state() ?? (closed === undefined ? "connecting" : "closed");
  const health = async (): Promise<StreamHealth> => ({
    state: streamState(),
    channels: (stream?.stats().channels ?? []).map(({ index, status }) => ({ index, status })),
    redis: await redisHealth(),
  });

  const app = createHttpApp({
    routes: createRoutes({
      registry: deps.registry,
      metrics,
      logger,
      health,
      webhookSecret: deps.webhookSecret,
      enqueue,
      stopSignal: stopEnqueueing.signal,
      webhookEnqueueDeadlineMs: tuning.webhookEnqueueDeadlineMs,
      now,
    }),
    logger,
    bodyLimitBytes: tuning.webhookBodyLimitBytes,
    requests: metrics.httpRequests,
  });

  const onStreamError = (error: GenesysNotificationStreamError): void => {
    metrics.streamErrors.inc({ code: streamErrorLabel(error.code) });
    logger.warn({ error: error.toJSON() }, "notification stream problem");
  };

  const run = async (): Promise<void> => {
    server = await listenHttp(app, deps.port, deps.host);
    logger.info({ port: server.port }, "HTTP listening (webhook, /metrics, /healthz)");
    const queueIds = await resolveQueueIds(deps.queueIds, deps.genesys.routing, stopStarting.signal);
    if (closed !== undefined) return;
    topics = queueIds.map(queueConversationsTopic);
    stream = createNotificationStream({
      ...deps.stream,
      notifications: deps.genesys.notifications,
      topics,
      onEvent: ingest.onEvent,
      onGap: ingest.onGap,
      onError: onStreamError,
      onStateChange: (state) => logger.info({ state }, "notification stream state"),
    });
    metrics.observeStream(stream.stats);
    keeper = createWatermarkKeeper({
      watermark,
      ingest,
      topics: () => topics,
      streamOpen: () => streamState() === "open",
      intervalMs: tuning.watermarkIntervalMs,
      retry: { baseDelayMs: tuning.enqueueRetryBaseDelayMs, maxDelayMs: tuning.enqueueRetryMaxDelayMs },
      logger,
      now,
    });
    keeper.start();
    await stream.start();
    logger.info({ queues: queueIds.length, channels: stream.stats().channels.length }, "subscribed");
  };

  const shutdown = async (): Promise<void> => {
    stopStarting.abort();
    // Events already received keep their chance to reach Redis, but not forever.
    const drainDeadline = setTimeout(() => stopEnqueueing.abort(), tuning.shutdownDrainTimeoutMs);
    try {
      // Closing the stream also ends a start() still waiting for channels; after that, run() creates none.
      await stream?.close();
      await started?.catch(() => {});
      // The watermark stops where it is: what is still held is not in Redis, so it must not pass it.
      await keeper?.stop();
      await ingest.drained();
    } finally {
      clearTimeout(drainDeadline);
      stopEnqueueing.abort();
    }
    const lost = ingest.notEnqueued();
    if (lost.count > 0) {
      logger.error(
        { notEnqueued: lost.count, jobIds: lost.jobIds },
        "events received but not enqueued before shutdown (Redis unavailable): the delivery watermark has not passed them, so the next start recovers them",
      );
    } else {
      logger.info("every event received was enqueued");
    }
    await server?.close(tuning.httpCloseGraceMs);
    await enqueuer.close();
  };

  return {
    start() {
      started ??= run();
      return started;
    },
    close() {
      closed ??= shutdown();
      return closed;
    },
    port() {
      if (server === undefined) throw new Error("the ingester is not listening yet");
      return server.port;
    },
    state: streamState,
    topics: () => topics,
  };
}

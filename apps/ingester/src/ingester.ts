import {
  createNotificationStream,
  type GenesysClient,
  type GenesysNotificationStreamError,
  type NotificationEvent,
  type NotificationGap,
  type NotificationStream,
  type NotificationStreamOptions,
  type NotificationStreamState,
} from "@routing/genesys-client";
import { createHttpApp, type HttpServer, listen } from "@routing/http-kit";
import type { RosterStore } from "@routing/roster";
import type { Logger } from "@routing/service-kit";
import type { Redis } from "ioredis";
import type { Registry } from "prom-client";
import { type BotConnectorSettings, createBotConnector } from "./bot-connector/bot-connector.js";
import { createBotConnectorMetrics } from "./bot-connector/bot-connector-metrics.js";
import { createDeliveryWatermark } from "./delivery-watermark.js";
import { ingesterHealthChecks, type StreamHealth } from "./http/health-checks.js";
import { createJobEnqueuer } from "./job-enqueuer.js";
import { createLogThrottle } from "./log-throttle.js";
import { createIngesterMetrics, streamErrorLabel } from "./metrics.js";
import { createNotificationIngest } from "./notification-ingest.js";
import { resolveQueueIds } from "./queue-discovery.js";
import { createRetryingEnqueue } from "./retrying-enqueue.js";
import { combineStreamStats } from "./roster/combine-stream-stats.js";
import {
  createRosterFollower,
  type RosterFollower,
  type RosterFollowerTuning,
} from "./roster/roster-follower.js";
import { createIngesterRosterMetrics } from "./roster/roster-metrics.js";
import type { TopicLimits } from "./roster/topic-plan.js";
import { createRoutes } from "./routes.js";
import { topicFamily } from "./topic-family.js";
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

/** The live roster (`@routing/roster`): membership and activity events applied to Redis, seeds asked for. */
export interface IngesterRosterDependencies {
  readonly store: RosterStore;
  /** INGESTER_REPLICAS: ingesters sharing the OAuth client's notification channels. */
  readonly replicas: number;
  readonly limits?: TopicLimits;
  readonly tuning?: Partial<RosterFollowerTuning>;
}

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
  /**
   * The Genesys Digital Bot Connector endpoint (`/botconnector/...`); undefined: not served. Its handoff
   * state lives in `queueConnection`'s Redis, under `bullmqPrefix`, shared with the worker's webhook path.
   */
  readonly botConnector?: BotConnectorSettings | undefined;
  /** 0: any free port (tests). */
  readonly port: number;
  readonly host?: string;
  /** Undefined: every queue of the org. */
  readonly queueIds?: readonly string[] | undefined;
  readonly tuning?: Partial<IngesterTuning>;
  readonly stream?: StreamTuning;
  /** Undefined: no roster (only the conversation topics are followed). */
  readonly roster?: IngesterRosterDependencies;
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

  let stream: NotificationStream | undefined;
  let topics: readonly string[] = [];
  let server: HttpServer | undefined;
  let keeper: WatermarkKeeper | undefined;
  let started: Promise<void> | undefined;
  let closed: Promise<void> | undefined;

  const streamState = () => stream?.state() ?? (closed === undefined ? "connecting" : "closed");
  const health = (): StreamHealth => ({
    state: streamState(),
    channels: (stream?.stats().channels ?? []).map(({ index, status }) => ({ index, status })),
  });

  const botConnector =
    deps.botConnector === undefined
      ? undefined
      : createBotConnector({
          settings: deps.botConnector,
          // Commands fail at once while Redis is away: the turn is answered 503 and Genesys retries it.
          redis: deps.queueConnection,
          keyPrefix: deps.bullmqPrefix,
          metrics: createBotConnectorMetrics(deps.registry),
          logger,
        });

  const app = createHttpApp({
    routes: createRoutes({
      registry: deps.registry,
      metrics,
      logger,
      healthChecks: ingesterHealthChecks(health, deps.queueConnection),
      webhookSecret: deps.webhookSecret,
      enqueue,
      stopSignal: stopEnqueueing.signal,
      webhookEnqueueDeadlineMs: tuning.webhookEnqueueDeadlineMs,
      webhookBodyLimitBytes: tuning.webhookBodyLimitBytes,
      now,
      botConnector,
    }),
    services: undefined,
    logger,
    registry: deps.registry,
    service: "ingester",
  });

  // Every problem is counted; the log keeps one line per kind every 10 s (a flood of bad frames must not
  // flood the log).
  const streamProblemLog = createLogThrottle(10_000, now);
  const onStreamError = (error: GenesysNotificationStreamError): void => {
    metrics.streamErrors.inc({ code: streamErrorLabel(error.code) });
    const admitted = streamProblemLog.admit(error.code);
    if (admitted === undefined) return;
    logger.warn(
      {
        error: error.toJSON(),
        ...(admitted.suppressed > 0 ? { suppressedSinceLast: admitted.suppressed } : {}),
      },
      "notification stream problem",
    );
  };

  const roster: RosterFollower | undefined =
    deps.roster === undefined
      ? undefined
      : createRosterFollower({
          store: deps.roster.store,
          genesys: deps.genesys,
          enqueue,
          stopSignal: stopEnqueueing.signal,
          metrics: createIngesterRosterMetrics(deps.registry),
          logger: logger.child({ component: "roster" }),
          replicas: deps.roster.replicas,
          ...(deps.roster.limits === undefined ? {} : { limits: deps.roster.limits }),
          ...(deps.roster.tuning === undefined ? {} : { tuning: deps.roster.tuning }),
          ...(deps.stream === undefined ? {} : { stream: deps.stream }),
          onStreamError,
          countEvent: (event) => metrics.notificationEvents.inc({ topic_kind: topicFamily(event.topicName) }),
          countGap: (gap) => metrics.gaps.inc({ reason: gap.reason }),
          now,
        });

  const onEvent = (event: NotificationEvent): Promise<void> => {
    if (roster === undefined || !roster.handles(event)) return ingest.onEvent(event);
    return roster.onEvent(event);
  };

  const onGap = async (gap: NotificationGap): Promise<void> => {
    await ingest.onGap(gap);
    await roster?.onQueueStreamGap(gap);
  };

  const run = async (): Promise<void> => {
    server = await listen(app, { port: deps.port, host: deps.host, closeGraceMs: tuning.httpCloseGraceMs });
    logger.info({ port: server.port, url: server.url }, "HTTP listening (webhook, /metrics, /healthz)");
    const queueIds = await resolveQueueIds(deps.queueIds, deps.genesys.routing, stopStarting.signal);
    if (closed !== undefined) return;
    topics = queueIds.map(queueConversationsTopic);
    const streamTopics = [...topics, ...(roster?.queueTopics(queueIds) ?? [])];
    // Over capacity is a start-up error naming the numbers, before any channel is opened.
    const plan = await roster?.plan(queueIds, streamTopics.length);
    if (closed !== undefined) return;
    stream = createNotificationStream({
      ...deps.stream,
      notifications: deps.genesys.notifications,
      topics: streamTopics,
      onEvent,
      onGap,
      onError: onStreamError,
      onStateChange: (state) => logger.info({ state }, "notification stream state"),
    });
    const queueStream = stream;
    // One set of stream series for both streams: the queues' and, with the roster, the members' activity.
    metrics.observeStream(() => combineStreamStats(queueStream.stats(), roster?.activityStats()));
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
    if (roster !== undefined && plan !== undefined && closed === undefined)
      await roster.start(queueIds, plan);
  };

  const shutdown = async (): Promise<void> => {
    stopStarting.abort();
    // Events already received keep their chance to reach Redis, but not forever.
    const drainDeadline = setTimeout(() => stopEnqueueing.abort(), tuning.shutdownDrainTimeoutMs);
    try {
      // Closing the stream also ends a start() still waiting for channels; after that, run() creates none.
      await Promise.all([stream?.close(), roster?.close()]);
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
    await server?.close();
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

import { PassThrough } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { createGenesysClient, type GenesysClient } from "@routing/genesys-client";
import {
  DEFAULT_EMULATOR_CREDENTIALS,
  type EmulatorOptions,
  type RunningEmulator,
} from "@routing/genesys-emulator";
import { JOB_CATALOG, type JobName, QUEUES, type QueueName } from "@routing/jobs";
import { createRosterStore, rosterKeyPrefix } from "@routing/roster";
import {
  createGenesysRuntime,
  createLogger,
  createMetricsRegistry,
  genesysClientEventMetrics,
  genesysRequestMetrics,
} from "@routing/service-kit";
import { createEmulatorTest, createIsolatedRedis, type IsolatedRedis } from "@routing/test-utils";
import { type Job, Queue } from "bullmq";
import { Redis } from "ioredis";
import type { Registry } from "prom-client";
import type { BotConnectorSettings } from "../../src/bot-connector/bot-connector.js";
import {
  createIngester,
  type Ingester,
  type IngesterRosterDependencies,
  type IngesterTuning,
  type StreamTuning,
} from "../../src/ingester.js";
import { QUEUE_CONNECTION_OPTIONS } from "../../src/redis-connections.js";
import { type RedisProxy, startRedisProxy } from "./redis-proxy.js";

/** Generous: CI is a shared 2-core machine running test files in parallel. */
export const WAIT_TIMEOUT_MS = 10_000;

/** Polls `condition` until it holds; never a fixed sleep as synchronisation. */
export async function until(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = WAIT_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

export const TEST_WEBHOOK_SECRET = "integration-test-webhook-secret-0123456789";

const ALL_JOB_STATES = ["wait", "prioritized", "active", "delayed", "completed", "failed"] as const;

export interface RunningIngester {
  readonly ingester: Ingester;
  readonly registry: Registry;
  /** Every log line so far, parsed. */
  logs(): Record<string, unknown>[];
  /** Every log line so far, as written. */
  rawLogs(): string;
  url(path: string): string;
  /** Sum of a metric's series whose labels include `labels` (collects it, like a scrape). */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  close(): Promise<void>;
}

export interface StartOptions {
  readonly queueConnection?: Redis;
  readonly queueIds?: readonly string[];
  readonly tuning?: Partial<IngesterTuning>;
  readonly stream?: StreamTuning;
  /** A Genesys client of its own (in-memory token and budget) instead of the Redis-shared runtime. */
  readonly privateGenesysClient?: boolean;
  /** Serve the Bot Connector with these settings. */
  readonly botConnector?: BotConnectorSettings;
  /** The live roster on (as main.ts does with INGESTER_ROSTER=true), under `${prefix}:roster`. */
  readonly roster?: Omit<IngesterRosterDependencies, "store">;
}

export interface Harness {
  readonly emulator: RunningEmulator;
  readonly redis: IsolatedRedis;
  queueIds(): string[];
  /** A Genesys client of our own (what a worker would use), e.g. to PATCH a conversation. */
  genesysClient(): GenesysClient;
  /** A started ingester on the test's Redis prefix and emulator; closed after the test. */
  startIngester(options?: StartOptions): Promise<RunningIngester>;
  /** The jobs of a catalog job name in its queue, whatever their state. */
  jobs(name: JobName): Promise<Job[]>;
  /**
   * A connection to the test's Redis through a relay the test can cut: Redis goes away for whoever uses
   * it (configured like the ingester's own queue connection: commands fail at once while it is away).
   */
  unreliableRedis(): Promise<{ readonly connection: Redis; readonly proxy: RedisProxy }>;
}

async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  return values
    .filter((value) =>
      Object.entries(labels).every(([label, expected]) => String(value.labels[label]) === expected),
    )
    .reduce((sum, value) => sum + value.value, 0);
}

function createHarness(emulator: RunningEmulator, redis: IsolatedRedis) {
  const running: RunningIngester[] = [];
  const relays: { readonly connection: Redis; readonly proxy: RedisProxy }[] = [];
  const connections: Redis[] = [];
  const readers = new Map<QueueName, Queue>();
  const reader = (name: QueueName): Queue => {
    let queue = readers.get(name);
    if (queue === undefined) {
      queue = redis.track(new Queue(name, redis.bullmq));
      readers.set(name, queue);
    }
    return queue;
  };
  const target = {
    kind: "emulator" as const,
    ...DEFAULT_EMULATOR_CREDENTIALS,
    apiBaseUrl: emulator.apiBaseUrl,
    loginBaseUrl: emulator.loginBaseUrl,
  };

  const harness: Harness = {
    emulator,
    redis,
    queueIds: () => emulator.control.snapshot().queues.map((queue) => queue.id),
    genesysClient: () =>
      createGenesysClient({
        ...DEFAULT_EMULATOR_CREDENTIALS,
        apiBaseUrl: emulator.apiBaseUrl,
        loginBaseUrl: emulator.loginBaseUrl,
      }),
    async startIngester(options = {}) {
      const lines: string[] = [];
      const destination = new PassThrough();
      destination.on("data", (chunk: Buffer) =>
        lines.push(...chunk.toString("utf8").split("\n").filter(Boolean)),
      );
      const logger = createLogger({ service: "ingester", level: "debug", destination });
      const registry = createMetricsRegistry("ingester");
      // Two connections, as in production: the Genesys budget never waits behind queue traffic.
      const genesysConnection = redis.newConnection();
      const queueConnection = options.queueConnection ?? redis.newConnection(QUEUE_CONNECTION_OPTIONS);
      connections.push(genesysConnection, queueConnection);
      const runtime = createGenesysRuntime({
        target,
        redis: genesysConnection,
        keyPrefix: redis.prefix,
        rateLimit: { limit: 1_000, windowMs: 60_000 },
        onRequest: genesysRequestMetrics(registry),
        onClientEvent: genesysClientEventMetrics(registry),
      });
      const ingester = createIngester({
        genesys: options.privateGenesysClient === true ? harness.genesysClient() : runtime.client,
        queueConnection,
        bullmqPrefix: redis.prefix,
        logger,
        registry,
        webhookSecret: TEST_WEBHOOK_SECRET,
        botConnector: options.botConnector,
        port: 0,
        host: "127.0.0.1",
        queueIds: options.queueIds,
        tuning: { enqueueRetryBaseDelayMs: 50, enqueueRetryMaxDelayMs: 500, ...options.tuning },
        // Fast reconnects: tests wait for them.
        stream: { reconnectBaseDelayMs: 50, reconnectMaxDelayMs: 500, ...options.stream },
        ...(options.roster === undefined
          ? {}
          : {
              roster: {
                ...options.roster,
                store: createRosterStore(queueConnection, { keyPrefix: rosterKeyPrefix(redis.prefix) }),
              },
            }),
      });
      const handle: RunningIngester = {
        ingester,
        registry,
        logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
        rawLogs: () => lines.join("\n"),
        url: (path) => `http://127.0.0.1:${ingester.port()}${path}`,
        metric: (name, labels = {}) => metricValue(registry, name, labels),
        close: () => ingester.close(),
      };
      running.push(handle);
      await ingester.start();
      return handle;
    },
    async jobs(name) {
      const queue = reader(QUEUES[JOB_CATALOG[name].queue]);
      const jobs = await queue.getJobs([...ALL_JOB_STATES]);
      return jobs.filter((job) => job.name === name);
    },
    async unreliableRedis() {
      const proxy = await startRedisProxy();
      const connection = new Redis({
        host: "127.0.0.1",
        port: proxy.port,
        ...QUEUE_CONNECTION_OPTIONS,
        retryStrategy: () => 50,
        // Under the test's prefix: the fixture's leak check fails the test if it is left open.
        connectionName: `${redis.prefix}:leakcheck:unreliable-${relays.length + 1}`,
      });
      connection.on("error", () => {});
      relays.push({ connection, proxy });
      return { connection, proxy };
    },
  };
  return {
    harness,
    async closeAll() {
      await Promise.all(running.map((handle) => handle.close()));
      for (const connection of connections) connection.disconnect();
      for (const { connection, proxy } of relays) {
        connection.disconnect();
        await proxy.close();
      }
    },
  };
}

/**
 * A vitest `test` with a private emulator (these options), a private Redis prefix (leak-checked and deleted
 * afterwards) and a `harness` that starts ingesters on both and closes them before the fixtures go.
 */
export function ingesterTest(emulatorOptions: EmulatorOptions = {}) {
  return createEmulatorTest(emulatorOptions).extend<{ redis: IsolatedRedis; harness: Harness }>({
    // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures must destructure their dependencies
    redis: async ({}, use) => {
      const redis = await createIsolatedRedis();
      try {
        await use(redis);
      } finally {
        await redis.cleanup();
      }
    },
    harness: async ({ emulator, redis }, use) => {
      const { harness, closeAll } = createHarness(emulator, redis);
      try {
        await use(harness);
      } finally {
        await closeAll();
      }
    },
  });
}

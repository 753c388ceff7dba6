import type { EmulatorOptions, RunningEmulator } from "@routing/genesys-emulator";
import { type JobInput, type JobName, prepareJob, type QueueName } from "@routing/jobs";
import { createEmulatorTest, createIsolatedRedis, type IsolatedRedis } from "@routing/test-utils";
import { type Job, Queue } from "bullmq";
import {
  closeWorkerDependencies,
  createWorkerDependencies,
  type WorkerDependencies,
} from "../../src/dependencies.js";
import { parseWorkerEnv } from "../../src/env.js";
import { createWorkerApp, type WorkerApp, type WorkerAppOptions } from "../../src/worker-app.js";

export interface StartedWorker {
  readonly app: WorkerApp;
  readonly dependencies: WorkerDependencies;
  readonly metricsPort: number;
  /** Closes the app and its Redis connection (also done at teardown). */
  close(): Promise<void>;
}

export interface WorkerHarness {
  /** Environment of a worker pointed at this test's Redis prefix and emulator, plus `overrides`. */
  env(overrides?: Record<string, string>): Record<string, string>;
  /** A real worker app, wired exactly as main.ts wires it; closed at teardown if the test did not. */
  startWorker(overrides?: Record<string, string>, options?: WorkerAppOptions): Promise<StartedWorker>;
  /** A producer's view of a queue (closed by the Redis fixture). */
  queue(name: QueueName): Queue;
  /** Enqueues a job the way producers do: validated, with the catalog's options. */
  add<Name extends JobName>(name: Name, input: JobInput<Name>): Promise<Job>;
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The job once it has completed or failed for good (re-read from Redis). */
export function waitForFinished(queue: Queue, jobId: string, timeoutMs = 10_000): Promise<Job> {
  return waitFor(
    async () => {
      const state = await queue.getJobState(jobId);
      if (state !== "completed" && state !== "failed") return undefined;
      return (await queue.getJob(jobId)) ?? undefined;
    },
    `job ${jobId} to finish`,
    timeoutMs,
  );
}

function createHarness(
  redis: IsolatedRedis,
  emulator: RunningEmulator,
): WorkerHarness & { closeAll(): Promise<void> } {
  const started: StartedWorker[] = [];
  const queues = new Map<QueueName, Queue>();
  const env = (overrides: Record<string, string> = {}) => ({
    BULLMQ_PREFIX: redis.prefix,
    GENESYS_API_BASE_URL: emulator.apiBaseUrl,
    GENESYS_LOGIN_BASE_URL: emulator.loginBaseUrl,
    LOG_LEVEL: "silent",
    WORKER_METRICS_PORT: "0",
    WORKER_METRICS_HOST: "127.0.0.1",
    ...overrides,
  });
  const queue = (name: QueueName) => {
    let existing = queues.get(name);
    if (existing === undefined) {
      existing = redis.track(new Queue(name, redis.bullmq));
      queues.set(name, existing);
    }
    return existing;
  };
  return {
    env,
    async startWorker(overrides, options) {
      const dependencies = createWorkerDependencies(parseWorkerEnv(env(overrides)));
      const app = createWorkerApp(dependencies, options);
      let closed: Promise<void> | undefined;
      const close = () => {
        closed ??= app.close().then(() => closeWorkerDependencies(dependencies));
        return closed;
      };
      const worker: StartedWorker = { app, dependencies, metricsPort: 0, close };
      started.push(worker);
      const { metricsPort } = await app.start();
      return { ...worker, metricsPort };
    },
    queue,
    async add(name, input) {
      const prepared = prepareJob(name, input);
      return queue(prepared.queueName).add(prepared.name, prepared.data, prepared.opts);
    },
    async closeAll() {
      await Promise.all(started.map((worker) => worker.close()));
    },
  };
}

/**
 * A vitest `test` with a private emulator, a private Redis prefix (leak-checked at teardown) and a
 * harness that starts real worker apps against both.
 */
export function createWorkerTest(emulatorOptions: EmulatorOptions = {}) {
  return createEmulatorTest(emulatorOptions).extend<{ redis: IsolatedRedis; harness: WorkerHarness }>({
    // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures must destructure their dependencies
    redis: async ({}, use) => {
      const redis = await createIsolatedRedis();
      await use(redis);
      await redis.cleanup();
    },
    harness: async ({ redis, emulator }, use) => {
      const harness = createHarness(redis, emulator);
      await use(harness);
      await harness.closeAll();
    },
  });
}

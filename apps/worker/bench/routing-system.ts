import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { type ContactCentreOptions, type RunningEmulator, startEmulator } from "@routing/genesys-emulator";
import { QUEUES } from "@routing/jobs";
import { createRosterStore, rosterKeyPrefix } from "@routing/roster";
import { Redis } from "ioredis";
import { AppProcess } from "./app-process.js";

/** Genesys' documented ceiling: 300 requests a minute per OAuth client (token). */
export const GENESYS_LIMIT_PER_MINUTE = 300;

export interface RoutingSystemOptions {
  readonly agents: number;
  /** The emulator's contact centre beyond the agent count (one queue unless told otherwise). */
  readonly contactCentre?: ContactCentreOptions;
}

/**
 * The system as it runs: the emulator in this process (counting every request it answers, held at
 * Genesys' 300/min per token), one ingester and one worker as processes of their own (`src/main.ts`,
 * as `npm run start:<app>` runs them) on the local Redis under a key prefix of their own, with the
 * worker's budget at the same 300/min (GENESYS_RATE_LIMIT).
 */
export class RoutingSystem {
  private rssTimer: NodeJS.Timeout | undefined;

  private constructor(
    readonly emulator: RunningEmulator,
    readonly ingester: AppProcess,
    readonly worker: AppProcess,
    readonly prefix: string,
    readonly redis: Redis,
  ) {}

  static async start(options: RoutingSystemOptions): Promise<RoutingSystem> {
    const prefix = `bench-${randomUUID().slice(0, 8)}`;
    const emulator = await startEmulator({
      port: 0,
      seed: 7,
      rateLimit: { limit: GENESYS_LIMIT_PER_MINUTE, windowMs: 60_000 },
      contactCentre: {
        queueCount: 1,
        agentCount: options.agents,
        arrivalsPerMinute: 0,
        // Short calls, so that agents come back and a queue keeps idle members to choose from.
        meanAnswerDelayMs: 2_000,
        meanHandleTimeMs: 15_000,
        wrapUpMs: 1_000,
        meanPatienceMs: 120_000,
        onQueueShare: 1,
        ...options.contactCentre,
      },
    });
    const env = {
      NODE_ENV: "development",
      LOG_LEVEL: "info",
      BULLMQ_PREFIX: prefix,
      GENESYS_API_BASE_URL: emulator.apiBaseUrl,
      GENESYS_LOGIN_BASE_URL: emulator.apiBaseUrl,
      GENESYS_RATE_LIMIT: String(GENESYS_LIMIT_PER_MINUTE),
      GENESYS_RATE_WINDOW_MS: "60000",
    };
    const redis = new Redis({ maxRetriesPerRequest: null });
    const started: AppProcess[] = [];
    try {
      const ingester = await AppProcess.start({
        name: "ingester",
        entry: "apps/ingester/dist/main.js",
        env: { ...env, INGESTER_PORT: "0" },
        ready: /"msg":"ingester started"/,
      });
      started.push(ingester);
      const worker = await AppProcess.start({
        name: "worker",
        entry: "apps/worker/dist/main.js",
        env: { ...env, WORKER_METRICS_PORT: "0", WORKER_METRICS_HOST: "127.0.0.1" },
        ready: /"msg":"worker started"/,
      });
      started.push(worker);
      const system = new RoutingSystem(emulator, ingester, worker, prefix, redis);
      system.rssTimer = setInterval(() => {
        ingester.sampleRssMb();
        worker.sampleRssMb();
      }, 500);
      return system;
    } catch (error) {
      await Promise.all(started.map((app) => app.stop()));
      await emulator.close();
      await deleteKeys(redis, prefix);
      await redis.quit();
      throw error;
    }
  }

  /** The queue of the centre (the first when there are several). */
  queueId(): string {
    return this.emulator.control.snapshot().queues[0]?.id ?? "";
  }

  /**
   * Until the queue's roster is seeded (confirmed, with every member the emulator has) and the decisions
   * queue has had nothing waiting or running for 2 s: the start-up work done, what follows is steady
   * state. (Maintenance may still be reconciling within its share of the budget: that is steady state too.)
   */
  async settled(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const roster = createRosterStore(this.redis, { keyPrefix: rosterKeyPrefix(this.prefix) });
    const queue = this.emulator.control.snapshot().queues[0];
    let quietSince = 0;
    for (;;) {
      this.assertRunning();
      const held = queue === undefined ? undefined : await roster.readQueueRoster(queue.id);
      const seeded =
        held !== undefined &&
        held.confirmedAtMs !== null &&
        held.members.length >= (queue?.memberIds.length ?? 0);
      if (seeded && (await this.busyJobs(QUEUES.decisions)) === 0) {
        quietSince ||= Date.now();
        if (Date.now() - quietSince >= 2_000) return;
      } else {
        quietSince = 0;
      }
      if (Date.now() > deadline) throw new Error(`the system did not settle in ${timeoutMs} ms`);
      await sleep(250);
    }
  }

  /** Jobs waiting or running on the queue. */
  private async busyJobs(...queues: string[]): Promise<number> {
    let total = 0;
    for (const queue of queues) {
      const base = `${this.prefix}:${queue}`;
      const [waiting, active, prioritized] = await Promise.all([
        this.redis.llen(`${base}:wait`),
        this.redis.llen(`${base}:active`),
        this.redis.zcard(`${base}:prioritized`),
      ]);
      total += waiting + active + prioritized;
    }
    return total;
  }

  /** A crashed app is the one thing that fails the bench. */
  assertRunning(): void {
    for (const app of [this.ingester, this.worker]) {
      if (!app.running()) throw new Error(`an app process exited:\n${app.lastLines()}`);
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.rssTimer);
    this.emulator.control.setArrivalRate(0);
    await Promise.all([this.worker.stop(), this.ingester.stop()]);
    await this.emulator.close();
    await deleteKeys(this.redis, this.prefix);
    await this.redis.quit();
  }
}

export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== "0");
}

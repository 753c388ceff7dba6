import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import {
  BULLMQ_PREFIX,
  type ChaosPorts,
  CONTACT_CENTRE,
  DASHBOARD_PASSWORD,
  DEFAULT_PORTS,
  WEBHOOK_SECRET,
} from "./config.js";
import { EmulatorControl } from "./emulator-control.js";
import { ManagedProcess, type ProcessSpec, type Role, RssSampler } from "./processes.js";

export interface SystemOptions {
  readonly root: string;
  readonly workDir: string;
  readonly ports?: ChaosPorts;
  /** INGESTER_BUFFER_MAX_JOBS of the ingesters: small, so a Redis outage under load overflows it. */
  readonly ingesterBufferMaxJobs: number;
}

/**
 * The whole system as separate real processes: redis-server (AOF, its own port and data dir), the
 * emulator, two ingesters, two workers and the dashboard, each started as `npm start` would start it
 * (`tsx --conditions=@routing/source apps/<app>/src/main.ts`).
 */
export class ChaosSystem {
  readonly ports: ChaosPorts;
  readonly redis: ManagedProcess;
  readonly emulator: ManagedProcess;
  readonly ingesters: readonly [ManagedProcess, ManagedProcess];
  readonly workers: readonly [ManagedProcess, ManagedProcess];
  readonly dashboard: ManagedProcess;
  readonly control: EmulatorControl;
  readonly rss: RssSampler;
  readonly redisUrl: string;
  readonly logDir: string;

  constructor(options: SystemOptions) {
    this.ports = options.ports ?? DEFAULT_PORTS;
    this.logDir = join(options.workDir, "logs");
    const redisDir = join(options.workDir, "redis");
    mkdirSync(this.logDir, { recursive: true });
    mkdirSync(redisDir, { recursive: true });
    this.redisUrl = `redis://127.0.0.1:${this.ports.redis}`;
    const emulatorUrl = `http://127.0.0.1:${this.ports.emulator}`;
    const tsx = join(options.root, "node_modules", ".bin", "tsx");
    const app = (
      name: string,
      role: Role,
      entry: string,
      env: Record<string, string>,
      ready: RegExp,
    ): ManagedProcess =>
      this.managed({
        name,
        role,
        command: tsx,
        args: ["--conditions=@routing/source", entry],
        env: {
          NODE_ENV: "development",
          LOG_LEVEL: "info",
          REDIS_URL: this.redisUrl,
          BULLMQ_PREFIX,
          GENESYS_API_BASE_URL: emulatorUrl,
          GENESYS_LOGIN_BASE_URL: emulatorUrl,
          ...env,
        },
        cwd: options.root,
        ready,
        startTimeoutMs: 90_000,
      });

    this.redis = this.managed({
      name: "redis",
      role: "redis",
      command: "redis-server",
      args: [
        "--port",
        String(this.ports.redis),
        "--bind",
        "127.0.0.1",
        "--dir",
        redisDir,
        "--appendonly",
        "yes",
        "--appendfsync",
        "everysec",
        "--save",
        "",
        "--daemonize",
        "no",
      ],
      env: {},
      cwd: options.root,
      ready: /Ready to accept connections/,
      startTimeoutMs: 30_000,
    });
    this.emulator = this.managed({
      name: "emulator",
      role: "emulator",
      command: tsx,
      args: ["--conditions=@routing/source", "tools/chaos/src/emulator-main.ts"],
      env: {
        CHAOS_EMULATOR_OPTIONS: JSON.stringify({
          host: "127.0.0.1",
          port: this.ports.emulator,
          seed: 9,
          contactCentre: CONTACT_CENTRE,
        }),
      },
      cwd: options.root,
      ready: /emulator listening/,
      startTimeoutMs: 60_000,
    });
    const ingester = (index: 0 | 1) =>
      app(
        `ingester-${index + 1}`,
        "ingester",
        "apps/ingester/src/main.ts",
        {
          INGESTER_PORT: String(this.ports.ingesters[index]),
          MESSAGING_WEBHOOK_SECRET: WEBHOOK_SECRET,
          INGESTER_BUFFER_MAX_JOBS: String(options.ingesterBufferMaxJobs),
        },
        /"msg":"ingester started"/,
      );
    const worker = (index: 0 | 1) =>
      app(
        `worker-${index + 1}`,
        "worker",
        "apps/worker/src/main.ts",
        { WORKER_METRICS_PORT: String(this.ports.workers[index]), WORKER_METRICS_HOST: "127.0.0.1" },
        /"msg":"worker started"/,
      );
    this.ingesters = [ingester(0), ingester(1)];
    this.workers = [worker(0), worker(1)];
    this.dashboard = app(
      "dashboard",
      "dashboard",
      "apps/dashboard/src/main.ts",
      {
        DASHBOARD_PORT: String(this.ports.dashboard),
        DASHBOARD_HOST: "127.0.0.1",
        DASHBOARD_PASSWORD,
      },
      /"msg":"dashboard started"/,
    );
    this.control = new EmulatorControl(emulatorUrl);
    this.rss = new RssSampler(this.all());
  }

  private managed(spec: ProcessSpec): ManagedProcess {
    return new ManagedProcess(spec, this.logDir);
  }

  all(): ManagedProcess[] {
    return [this.redis, this.emulator, ...this.ingesters, ...this.workers, this.dashboard];
  }

  apps(): ManagedProcess[] {
    return [...this.ingesters, ...this.workers, this.dashboard];
  }

  /** Redis and the emulator first (the apps need both), then the apps two at a time (2 cores). */
  async start(): Promise<void> {
    await this.redis.start();
    await this.emulator.start();
    const apps = this.apps();
    for (let index = 0; index < apps.length; index += 2) {
      await Promise.all(apps.slice(index, index + 2).map((managed) => managed.start()));
    }
    this.rss.start();
  }

  async stop(): Promise<void> {
    this.rss.stop();
    await Promise.all(this.apps().map((managed) => managed.stop()));
    await this.emulator.stop();
    await this.redis.stop();
    await Promise.all(this.all().map((managed) => managed.closeLog()));
  }

  /** A connection of the suite's own to its Redis (reading queues, counting). */
  connect(): Redis {
    const connection = new Redis(this.redisUrl, {
      maxRetriesPerRequest: null,
      connectionName: `${BULLMQ_PREFIX}:chaos-runner`,
    });
    connection.on("error", () => {});
    return connection;
  }

  async waitForRedis(timeoutMs = 20_000): Promise<void> {
    const probe = new Redis(this.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0 });
    probe.on("error", () => {});
    const deadline = Date.now() + timeoutMs;
    try {
      for (;;) {
        try {
          if (probe.status !== "ready") await probe.connect();
          if ((await probe.ping()) === "PONG") return;
        } catch {
          if (Date.now() > deadline) throw new Error("the suite's Redis did not come back");
          await sleep(100);
        }
      }
    } finally {
      probe.disconnect();
    }
  }

  /** Every crash so far, for the report. */
  crashes(): string[] {
    return this.all().flatMap((managed) => managed.unexpectedExits);
  }
}

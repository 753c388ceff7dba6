import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { deleteKeysWithPrefix, type LogLine, type ServiceProcess, spawnService } from "@routing/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// `npm run start:<app>` as production runs it: the build (dist/), NODE_ENV=production, real secrets of our
// own, every app against the emulator process as if it were Genesys. Every app goes through runService, so
// each must behave the same way on a bad variable, a failed start and SIGTERM.
const root = join(import.meta.dirname, "..");
const APPS = ["emulator", "ingester", "worker", "dashboard"] as const;
type App = (typeof APPS)[number];

const prefix = `test-start-${randomUUID().slice(0, 8)}`;
const EMULATOR_SECRET = "a-test-secret-of-our-own-for-the-emulator";
const started: ServiceProcess[] = [];

/** The variables each app needs in production mode, with port 0 (any free port) everywhere. */
function productionEnv(app: App, emulatorUrl: string): Record<string, string> {
  const genesys = {
    REDIS_URL: "redis://127.0.0.1:6379",
    BULLMQ_PREFIX: prefix,
    GENESYS_CLIENT_ID: "emulator-client-id",
    GENESYS_CLIENT_SECRET: EMULATOR_SECRET,
    GENESYS_API_BASE_URL: emulatorUrl,
    GENESYS_LOGIN_BASE_URL: emulatorUrl,
  };
  switch (app) {
    case "emulator":
      return {
        EMULATOR_PORT: "0",
        EMULATOR_CLIENT_SECRET: EMULATOR_SECRET,
        EMULATOR_ARRIVALS_PER_MINUTE: "0",
      };
    case "ingester":
      return {
        ...genesys,
        INGESTER_PORT: "0",
        MESSAGING_WEBHOOK_SECRET: "a-webhook-secret-of-our-own-0123456789",
      };
    case "worker":
      return { ...genesys, WORKER_METRICS_PORT: "0", WORKER_METRICS_HOST: "127.0.0.1" };
    case "dashboard":
      return {
        REDIS_URL: genesys.REDIS_URL,
        BULLMQ_PREFIX: prefix,
        DASHBOARD_PORT: "0",
        DASHBOARD_HOST: "127.0.0.1",
        DASHBOARD_PASSWORD: "a-dashboard-password-of-our-own",
      };
  }
}

const PORT_VARIABLE: Record<App, string> = {
  emulator: "EMULATOR_PORT",
  ingester: "INGESTER_PORT",
  worker: "WORKER_METRICS_PORT",
  dashboard: "DASHBOARD_PORT",
};

const SERVICE_NAME: Record<App, string> = {
  emulator: "genesys-emulator",
  ingester: "ingester",
  worker: "worker",
  dashboard: "dashboard",
};

function startApp(app: App, env: Record<string, string>): ServiceProcess {
  const service = spawnService(process.execPath, [join(root, "scripts", "start-app.mjs"), app], {
    cwd: root,
    // vitest sets NODE_ENV=test: the start command decides by NODE_ENV, so it is set explicitly.
    env: { ...process.env, LOG_LEVEL: "info", ...env, NODE_ENV: "production" },
  });
  started.push(service);
  return service;
}

const startedLine = (app: App) => (line: LogLine) => line.msg === `${SERVICE_NAME[app]} started`;
const urlsOf = (line: LogLine) => line.urls as Record<string, string>;

beforeAll(() => {
  // What `npm run build` does for the apps (incremental: fast when CI has just built).
  const build = spawnSync(
    process.execPath,
    [
      join(root, "node_modules", "typescript", "bin", "tsc"),
      "-b",
      ...APPS.map((app) => `apps/${app === "emulator" ? "genesys-emulator" : app}`),
    ],
    { cwd: root, encoding: "utf8" },
  );
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
}, 240_000);

afterAll(async () => {
  await Promise.all(started.map((service) => service.stop("SIGKILL").catch(() => undefined)));
  await deleteKeysWithPrefix(prefix);
});

describe("npm run start:<app> in production mode (dist/, NODE_ENV=production)", () => {
  it("every app starts from its build, logs one started line with its URLs, answers /healthz and stops on SIGTERM with exit 0", async () => {
    const emulator = startApp("emulator", productionEnv("emulator", ""));
    const emulatorUrl =
      urlsOf(await emulator.waitForLine(startedLine("emulator"), "the emulator's started line", 60_000))
        .api ?? "";
    expect(emulatorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const apps = (["ingester", "worker", "dashboard"] as const).map((app) => ({
      app,
      service: startApp(app, productionEnv(app, emulatorUrl)),
    }));
    for (const { app, service } of apps) {
      const line = await service.waitForLine(startedLine(app), `the ${app}'s started line`, 60_000);
      const health = urlsOf(line).health ?? "";
      expect(health, `${app} reports where /healthz is`).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/healthz$/);
      const answer = await fetch(health);
      expect(answer.status, `${app} /healthz: ${await answer.clone().text()}`).toBe(200);
      expect(await answer.json()).toMatchObject({ status: "ok" });
      expect(service.lines().filter(startedLine(app))).toHaveLength(1);
    }

    for (const { app, service } of [...apps, { app: "emulator" as const, service: emulator }]) {
      expect(await service.stop("SIGTERM"), `${app}:\n${service.output().slice(-2000)}`).toEqual({
        code: 0,
        signal: null,
      });
      const messages = service.lines().map((line) => line.msg);
      expect(messages).toContain(`${SERVICE_NAME[app]} stopping`);
      expect(messages.at(-1)).toBe(`${SERVICE_NAME[app]} stopped`);
    }
  }, 180_000);

  it("a bad variable: each app names it in one stderr line and exits 1 before starting anything", async () => {
    const results = await Promise.all(
      APPS.map(async (app) => {
        const service = startApp(app, {
          ...productionEnv(app, "http://127.0.0.1:1"),
          [PORT_VARIABLE[app]]: "http",
        });
        return { app, service, exit: await service.exited(60_000) };
      }),
    );
    for (const { app, service, exit } of results) {
      expect(exit, app).toEqual({ code: 1, signal: null });
      expect(service.stderr()).toBe(
        `${SERVICE_NAME[app]}: invalid configuration: ${PORT_VARIABLE[app]} must be an integer from 0 to 65535\n`,
      );
      expect(service.lines(), `${app} logged nothing`).toEqual([]);
    }
  }, 120_000);

  it("a port already taken: each app logs the failed start with its cause and exits 1", async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const address = taken.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    try {
      const results = await Promise.all(
        APPS.map(async (app) => {
          const env = { ...productionEnv(app, "http://127.0.0.1:1"), [PORT_VARIABLE[app]]: String(port) };
          const service = startApp(app, app === "emulator" ? { ...env, EMULATOR_HOST: "127.0.0.1" } : env);
          return { app, service, exit: await service.exited(60_000) };
        }),
      );
      for (const { app, service, exit } of results) {
        expect(exit, `${app}:\n${service.output().slice(-2000)}`).toEqual({ code: 1, signal: null });
        const failure = service.lines().find((line) => line.msg === `${SERVICE_NAME[app]} failed to start`);
        expect(failure, app).toMatchObject({ level: 60, err: { stack: expect.any(String) } });
        expect(JSON.stringify(failure?.err), app).toContain("EADDRINUSE");
        expect(service.lines().at(-1)?.msg).toBe(`${SERVICE_NAME[app]} stopped`);
      }
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 120_000);
});

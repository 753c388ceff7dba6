import { Writable } from "node:stream";
import type { Credentials } from "@routing/http-kit";
import { createLogger } from "@routing/service-kit";
import { type IsolatedRedis, redisTest } from "@routing/test-utils";
import type { Redis } from "ioredis";
import type { LoginThrottleSettings } from "../src/auth/login-throttle.js";
import type { SessionSettings } from "../src/auth/session-cookie.js";
import { createDashboard, type Dashboard, type SimulationSettings } from "../src/dashboard.js";

export const CREDENTIALS: Credentials = { username: "qa-ops", password: "correct-horse-battery-staple" };
export const WRONG_PASSWORD: Credentials = { username: "qa-ops", password: "hunter2-wrong-guess" };

export const TEST_SIMULATION_SETTINGS: SimulationSettings = {
  maxInteractions: 200_000,
  concurrency: 2,
  maxBodyBytes: 8 * 1024 * 1024,
  ttlSeconds: 600,
};

export interface RequestOptions {
  readonly method?: string;
  /** Sent as JSON with Content-Type: application/json. */
  readonly json?: unknown;
  /** Default: the right credentials; false: no Authorization header. */
  readonly auth?: Credentials | false;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** "manual": a 3xx is returned as it is (the login form's redirects). Default "follow". */
  readonly redirect?: "follow" | "manual";
}

export interface TestDashboard {
  readonly dashboard: Dashboard;
  readonly url: string;
  /** A real HTTP request to the running dashboard. */
  request(path: string, options?: RequestOptions): Promise<Response>;
  /** Every line the dashboard logged, parsed. */
  logs(): Record<string, unknown>[];
  /** The raw log text (to prove something was NOT logged). */
  logText(): string;
  close(): Promise<void>;
}

export interface TestDashboardOptions {
  readonly simulations?: Partial<SimulationSettings>;
  /** Default: the fixture's shared connection. */
  readonly connection?: Redis;
  readonly now?: () => number;
  readonly session?: SessionSettings;
  readonly loginThrottle?: LoginThrottleSettings;
  /** DASHBOARD_TRUSTED_PROXIES. Default: none. */
  readonly trustedProxies?: readonly string[];
  readonly grafanaUrl?: string;
  readonly genesysBudget?: { readonly limit: number; readonly windowMs: number };
  readonly consoleDirectory?: string;
}

/** A dashboard on the test's isolated prefix, listening on a free port of 127.0.0.1. */
export async function startTestDashboard(
  redis: IsolatedRedis,
  options: TestDashboardOptions = {},
): Promise<TestDashboard> {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });
  const dashboard = createDashboard({
    connection: options.connection ?? redis.connection,
    prefix: redis.prefix,
    credentials: CREDENTIALS,
    logger: createLogger({ service: "dashboard", level: "debug", destination }),
    simulations: { ...TEST_SIMULATION_SETTINGS, ...options.simulations },
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.session === undefined ? {} : { session: options.session }),
    // Tests send many wrong logins on purpose; the throttle's own tests set a low limit.
    loginThrottle: options.loginThrottle ?? { maxFailures: 1_000, windowSeconds: 60 },
    ...(options.trustedProxies === undefined ? {} : { trustedProxies: options.trustedProxies }),
    ...(options.grafanaUrl === undefined ? {} : { grafanaUrl: options.grafanaUrl }),
    ...(options.genesysBudget === undefined ? {} : { genesysBudget: options.genesysBudget }),
    ...(options.consoleDirectory === undefined ? {} : { consoleDirectory: options.consoleDirectory }),
  });
  const { url } = await dashboard.listen(0, "127.0.0.1");
  return {
    dashboard,
    url,
    request: (path, request = {}) => {
      const headers: Record<string, string> = { ...request.headers };
      const auth = request.auth ?? CREDENTIALS;
      if (auth !== false) headers.authorization = basic(auth);
      let body = request.body;
      if (request.json !== undefined) {
        headers["content-type"] = "application/json";
        body = JSON.stringify(request.json);
      }
      return fetch(`${url}${path}`, {
        redirect: request.redirect ?? "follow",
        method: request.method ?? (body === undefined ? "GET" : "POST"),
        headers,
        ...(body === undefined ? {} : { body }),
      });
    },
    logs: () =>
      lines
        .join("")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    logText: () => lines.join(""),
    close: () => dashboard.close(),
  };
}

export function basic(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
}

/** `redisTest` plus a running dashboard on the same isolated prefix, closed before Redis is cleaned up. */
export const dashboardTest = redisTest.extend<{ dashboard: TestDashboard }>({
  dashboard: async ({ redis }, use) => {
    const dashboard = await startTestDashboard(redis);
    await use(dashboard);
    await dashboard.close();
  },
});

/** The body of a JSON error answer. */
export interface ErrorAnswer {
  readonly error: { code: string; field: string | null; message: string; line?: number; column?: number };
}

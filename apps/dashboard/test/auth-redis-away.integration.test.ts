import { setTimeout as sleep } from "node:timers/promises";
import { freePort, redisTest } from "@routing/test-utils";
import { Redis } from "ioredis";
import { describe, expect } from "vitest";
import { createSessionCodec } from "../src/auth/session-cookie.js";
import {
  basic,
  CREDENTIALS,
  type ErrorAnswer,
  startTestDashboard,
  type TestDashboard,
} from "./dashboard-fixture.js";

// GET /api/jobs reads nothing from Redis itself: only the auth decision (throttle, revocations) can make it
// fail, so a 200 there would mean a request was let through without asking.
const SESSION = { secret: "redis-away-test-secret-0123456789-0123", ttlSeconds: 600, secureCookie: false };

function loginForm() {
  return {
    method: "POST",
    auth: false as const,
    redirect: "manual" as const,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...CREDENTIALS, next: "/" }).toString(),
  };
}

/** The answer every auth decision gets while Redis cannot be asked: refused, 503, told when to retry. */
async function expectUnavailable(answer: Response, label: string): Promise<void> {
  expect(answer.status, label).toBe(503);
  expect(answer.headers.get("retry-after"), label).toBe("5");
  expect(answer.headers.get("set-cookie"), label).toBeNull();
  expect(((await answer.json()) as ErrorAnswer).error, label).toEqual({
    code: "dependency-unavailable",
    field: null,
    message: "the dashboard cannot reach its data store right now: try again shortly",
  });
}

/** One "request failed" line per refused request, and nothing of the credentials anywhere in the log. */
function expectLoggedOnceEach(dashboard: TestDashboard, requests: number, secrets: readonly string[]): void {
  const failures = dashboard.logs().filter((line) => line.msg === "request failed");
  expect(failures).toHaveLength(requests);
  for (const line of failures)
    expect(line).toMatchObject({ level: 50, err: { message: expect.any(String) } });
  const text = dashboard.logText();
  for (const secret of secrets) expect(text).not.toContain(secret);
  expect(text.toLowerCase()).not.toContain("authorization");
}

/** Close the dashboard without waiting forever on queues whose Redis is gone. */
const closeSoon = (dashboard: TestDashboard) => Promise.race([dashboard.close(), sleep(3_000)]);

describe("auth while Redis is away (real HTTP)", () => {
  redisTest(
    "Redis never reachable: Basic, the login form and a session get 503 with Retry-After, never a pass",
    async ({ redis }) => {
      // Nothing listens there; one retry, so a command fails in milliseconds (in production after ioredis'
      // reconnect attempts: the same error, later).
      const connection = new Redis({
        port: await freePort(),
        maxRetriesPerRequest: 1,
        retryStrategy: () => 20,
      });
      connection.on("error", () => {});
      const dashboard = await startTestDashboard(redis, { connection, session: SESSION });
      try {
        await expectUnavailable(await dashboard.request("/api/jobs"), "right Basic login");
        await expectUnavailable(
          await dashboard.request("/admin/queues/api/queues", {
            auth: { ...CREDENTIALS, password: "wrong-guess-123" },
          }),
          "wrong Basic login",
        );
        await expectUnavailable(await dashboard.request("/login", loginForm()), "login form");
        // A validly signed session: whether it was logged out cannot be asked, so it does not pass.
        const cookie = (createSessionCodec(SESSION).issue(CREDENTIALS.username).split(";")[0] ?? "").trim();
        await expectUnavailable(
          await dashboard.request("/api/jobs", { auth: false, headers: { cookie } }),
          "session cookie",
        );
        expectLoggedOnceEach(dashboard, 4, [
          CREDENTIALS.password,
          "wrong-guess-123",
          basic(CREDENTIALS).slice("Basic ".length),
          cookie.slice(cookie.indexOf("=") + 1),
        ]);
      } finally {
        await closeSoon(dashboard);
        connection.disconnect();
      }
    },
  );

  redisTest(
    "Redis lost after login: the session's revocation cannot be checked, so it is refused with 503, not let through",
    async ({ redis }) => {
      const connection = redis.newConnection();
      const dashboard = await startTestDashboard(redis, { connection, session: SESSION });
      try {
        const login = await dashboard.request("/login", loginForm());
        expect(login.status).toBe(303);
        const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
        const withSession = { auth: false as const, headers: { cookie } };
        expect((await dashboard.request("/api/jobs", withSession)).status).toBe(200);
        expect((await dashboard.request("/api/overview")).status).toBe(200);

        connection.disconnect();
        await expectUnavailable(await dashboard.request("/api/jobs", withSession), "session cookie");
        await expectUnavailable(await dashboard.request("/api/jobs"), "Basic");
        expectLoggedOnceEach(dashboard, 2, [CREDENTIALS.password, cookie.slice(cookie.indexOf("=") + 1)]);

        // The health probe agrees.
        expect((await dashboard.request("/healthz", { auth: false })).status).toBe(503);
      } finally {
        await closeSoon(dashboard);
        connection.disconnect();
      }
    },
  );
});

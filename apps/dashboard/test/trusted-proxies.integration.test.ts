import { redisTest } from "@routing/test-utils";
import { describe, expect } from "vitest";
import { CREDENTIALS, type ErrorAnswer, startTestDashboard, WRONG_PASSWORD } from "./dashboard-fixture.js";

const THROTTLE = { maxFailures: 2, windowSeconds: 120 };
const GUESSER = "198.51.100.7";
const OPERATOR = "203.0.113.9";

/** What an ingress in front of the dashboard adds: the address it saw the request come from. */
const via = (forwardedFor: string) => ({ "x-forwarded-for": forwardedFor });

/** The dashboard with the test's own address (127.0.0.1, ::1) trusted: here that is the ingress. */
const behindTrustedProxy = (redis: Parameters<typeof startTestDashboard>[0]) =>
  startTestDashboard(redis, { loginThrottle: THROTTLE, trustedProxies: ["127.0.0.0/8", "::1"] });

function loginForm(forwardedFor: string, credentials = CREDENTIALS) {
  return {
    method: "POST",
    auth: false as const,
    redirect: "manual" as const,
    headers: { "content-type": "application/x-www-form-urlencoded", ...via(forwardedFor) },
    body: new URLSearchParams({ ...credentials, next: "/" }).toString(),
  };
}

describe("the login throttle behind a reverse proxy (real HTTP, real Redis)", () => {
  redisTest(
    "with the proxy trusted, one guesser is locked out and the operators behind the same proxy are not",
    async ({ redis }) => {
      const dashboard = await behindTrustedProxy(redis);
      try {
        for (let attempt = 1; attempt <= THROTTLE.maxFailures; attempt += 1) {
          const refused = await dashboard.request("/api/overview", {
            auth: WRONG_PASSWORD,
            headers: via(GUESSER),
          });
          expect(refused.status, `guess ${attempt}`).toBe(401);
        }
        expect((await dashboard.request("/api/overview", { headers: via(GUESSER) })).status).toBe(429);
        expect((await dashboard.request("/login", loginForm(GUESSER))).status).toBe(429);
        // Writing other addresses to the left of what the proxy appended does not make a new caller.
        expect(
          (await dashboard.request("/api/overview", { headers: via(`10.1.1.1, ${GUESSER}`) })).status,
        ).toBe(429);

        // Another caller through the same proxy logs in (form and Basic).
        const login = await dashboard.request("/login", loginForm(OPERATOR));
        expect(login.status).toBe(303);
        expect(login.headers.get("set-cookie")).toMatch(/^routing_session=/);
        expect((await dashboard.request("/api/overview", { headers: via(OPERATOR) })).status).toBe(200);

        // Counted by the caller's address, and logged with it.
        const keys = await redis.connection.keys(`${redis.prefix}:dashboard:login-failures:*`);
        expect(keys).toEqual([`${redis.prefix}:dashboard:login-failures:${GUESSER}`]);
        const refusals = dashboard.logs().filter((line) => line.msg === "dashboard login refused");
        expect(refusals.map((line) => [line.reason, line.remoteAddress])).toEqual([
          ["mismatch", GUESSER],
          ["mismatch", GUESSER],
          ["throttled", GUESSER],
          ["throttled", GUESSER],
          ["throttled", GUESSER],
        ]);
        expect(dashboard.logs().find((line) => line.msg === "dashboard login")?.remoteAddress).toBe(OPERATOR);
      } finally {
        await dashboard.close();
      }
    },
  );

  redisTest(
    "garbage in X-Forwarded-For from a trusted proxy is the proxy's own address, never a crash or a new caller",
    async ({ redis }) => {
      const dashboard = await behindTrustedProxy(redis);
      try {
        for (const garbage of [
          "not-an-address",
          "999.1.1.1",
          ", ,",
          "198.51.100.0/24",
          "[198.51.100.7]:80",
        ]) {
          const refused = await dashboard.request("/api/overview", {
            auth: WRONG_PASSWORD,
            headers: via(garbage),
          });
          expect([401, 429], garbage).toContain(refused.status);
          expect(((await refused.json()) as ErrorAnswer).error.code).toMatch(
            /^(unauthorized|too-many-logins)$/,
          );
        }
        const keys = await redis.connection.keys(`${redis.prefix}:dashboard:login-failures:*`);
        expect(keys).toEqual([`${redis.prefix}:dashboard:login-failures:127.0.0.1`]);
      } finally {
        await dashboard.close();
      }
    },
  );

  redisTest(
    "a proxy that writes the caller's port (Azure Application Gateway's IP:Port): one caller, one count",
    async ({ redis }) => {
      const dashboard = await behindTrustedProxy(redis);
      try {
        // Each connection has another source port; the throttle still counts the one address.
        for (const port of [50_001, 50_002]) {
          const refused = await dashboard.request("/api/overview", {
            auth: WRONG_PASSWORD,
            headers: via(`${GUESSER}:${port}`),
          });
          expect(refused.status).toBe(401);
        }
        expect((await dashboard.request("/api/overview", { headers: via(`${GUESSER}:50003`) })).status).toBe(
          429,
        );
        expect((await dashboard.request("/api/overview", { headers: via(`${OPERATOR}:50004`) })).status).toBe(
          200,
        );
        const keys = await redis.connection.keys(`${redis.prefix}:dashboard:login-failures:*`);
        expect(keys).toEqual([`${redis.prefix}:dashboard:login-failures:${GUESSER}`]);
      } finally {
        await dashboard.close();
      }
    },
  );

  redisTest(
    "without DASHBOARD_TRUSTED_PROXIES X-Forwarded-For is ignored: a guesser cannot escape the throttle by writing it",
    async ({ redis }) => {
      const dashboard = await startTestDashboard(redis, { loginThrottle: THROTTLE });
      try {
        for (const forwardedFor of ["198.51.100.1", "198.51.100.2"]) {
          const refused = await dashboard.request("/api/overview", {
            auth: WRONG_PASSWORD,
            headers: via(forwardedFor),
          });
          expect(refused.status).toBe(401);
        }
        expect((await dashboard.request("/login", loginForm("198.51.100.3"))).status).toBe(429);
        expect((await dashboard.request("/api/overview", { headers: via("198.51.100.4") })).status).toBe(429);
        const keys = await redis.connection.keys(`${redis.prefix}:dashboard:login-failures:*`);
        expect(keys).toEqual([`${redis.prefix}:dashboard:login-failures:127.0.0.1`]);
      } finally {
        await dashboard.close();
      }
    },
  );
});

import { redisTest } from "@routing/test-utils";
import { describe, expect } from "vitest";
import { SESSION_COOKIE } from "../src/auth/session-cookie.js";
import { CREDENTIALS, startTestDashboard, type TestDashboard, WRONG_PASSWORD } from "./dashboard-fixture.js";

const SESSION = { secret: "login-test-secret-0123456789-0123456789", ttlSeconds: 600, secureCookie: false };

function form(fields: Record<string, string>) {
  return {
    method: "POST",
    auth: false as const,
    redirect: "manual" as const,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  };
}

async function logIn(dashboard: TestDashboard, next = "/"): Promise<{ answer: Response; cookie: string }> {
  const answer = await dashboard.request("/login", form({ ...CREDENTIALS, next }));
  const setCookie = answer.headers.get("set-cookie") ?? "";
  return { answer, cookie: setCookie.split(";")[0] ?? "" };
}

/** A browser opening a page: `Accept: text/html`, the session cookie, no Authorization header. */
function asBrowser(cookie?: string) {
  return {
    auth: false as const,
    redirect: "manual" as const,
    headers: { accept: "text/html,application/xhtml+xml", ...(cookie === undefined ? {} : { cookie }) },
  };
}

describe("the login form and its session (real HTTP, real Redis)", () => {
  redisTest(
    "a browser without a session is sent to the form; logging in opens the console, Bull Board and /api",
    async ({ redis }) => {
      const dashboard = await startTestDashboard(redis, { session: SESSION });
      try {
        const root = await dashboard.request("/", asBrowser());
        expect(root.status).toBe(303);
        expect(root.headers.get("location")).toBe("/login");
        const bullBoard = await dashboard.request("/admin/queues", asBrowser());
        expect(bullBoard.headers.get("location")).toBe("/login?next=%2Fadmin%2Fqueues");

        const page = await dashboard.request("/login?next=%2Fadmin%2Fqueues", { auth: false });
        expect(page.status).toBe(200);
        const html = await page.text();
        expect(html).toContain('<form method="post" action="/login">');
        expect(html).toContain('name="next" value="/admin/queues"');

        const { answer, cookie } = await logIn(dashboard, "/admin/queues");
        expect(answer.status).toBe(303);
        expect(answer.headers.get("location")).toBe("/admin/queues");
        const setCookie = answer.headers.get("set-cookie") ?? "";
        expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
        expect(setCookie).toContain("HttpOnly");
        expect(setCookie).toContain("SameSite=Lax");

        const consolePage = await dashboard.request("/", asBrowser(cookie));
        expect(consolePage.status).toBe(200);
        for (const answer of [consolePage, page]) {
          expect(answer.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
          expect(answer.headers.get("content-security-policy")).toContain("script-src 'self';");
          expect(answer.headers.get("cache-control")).toBe("no-store");
        }
        expect((await dashboard.request("/admin/queues", asBrowser(cookie))).status).toBe(200);
        const api = await dashboard.request("/admin/queues/api/queues", { auth: false, headers: { cookie } });
        expect(api.status).toBe(200);
        const simulations = await dashboard.request("/api/simulations", { auth: false, headers: { cookie } });
        expect(simulations.status).toBe(200);
        // Basic keeps working for API clients, with or without a cookie.
        expect((await dashboard.request("/api/simulations")).status).toBe(200);

        // Another login (another tab, another browser) stays valid when this one logs out.
        const { cookie: otherSession } = await logIn(dashboard);
        const logout = await dashboard.request("/logout", {
          method: "POST",
          auth: false,
          redirect: "manual",
          headers: { cookie },
        });
        expect(logout.status).toBe(303);
        expect(logout.headers.get("location")).toBe("/login?loggedOut=1");
        expect(logout.headers.get("set-cookie")).toMatch(new RegExp(`^${SESSION_COOKIE}=; .*Max-Age=0`));
        // A copy of the cookie taken before the logout opens nothing any more, on this instance or another.
        const anotherInstance = await startTestDashboard(redis, { session: SESSION });
        try {
          for (const instance of [dashboard, anotherInstance]) {
            const afterLogout = await instance.request("/api/simulations", {
              auth: false,
              headers: { cookie },
            });
            expect(afterLogout.status).toBe(401);
            expect(afterLogout.headers.get("www-authenticate")).toBeNull();
            expect((await instance.request("/", asBrowser(cookie))).status).toBe(303);
            expect(
              (await instance.request("/api/simulations", { auth: false, headers: { cookie: otherSession } }))
                .status,
            ).toBe(200);
          }
        } finally {
          await anotherInstance.close();
        }
        expect(dashboard.logText()).not.toContain(CREDENTIALS.password);
      } finally {
        await dashboard.close();
      }
    },
  );

  redisTest(
    "a tampered or foreign session is refused: a page goes to the form, an API call is a 401 without the Basic prompt",
    async ({ redis }) => {
      const dashboard = await startTestDashboard(redis, { session: SESSION });
      const other = await startTestDashboard(redis, {
        session: { ...SESSION, secret: `${SESSION.secret}-other` },
      });
      try {
        const { cookie } = await logIn(dashboard);
        const [name, value = ""] = cookie.split("=");
        const [payload = "", signature = ""] = value.split(".");
        const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<
          string,
          unknown
        >;
        const renamed = Buffer.from(JSON.stringify({ ...claims, u: "admin" })).toString("base64url");
        const forged = [`${name}=${renamed}.${signature}`, `${name}=${payload}.${signature.slice(2)}`];
        const foreign = (await logIn(other)).cookie;
        for (const bad of [...forged, foreign]) {
          const page = await dashboard.request("/", asBrowser(bad));
          expect(page.status, bad).toBe(303);
          expect(page.headers.get("location")).toBe("/login");
          const api = await dashboard.request("/api/overview", { auth: false, headers: { cookie: bad } });
          expect(api.status).toBe(401);
          expect(api.headers.get("www-authenticate")).toBeNull();
          expect(((await api.json()) as { error: { field: string } }).error.field).toBe("cookie");
        }
        // The genuine cookie still works on the instance that shares the secret only.
        expect((await dashboard.request("/api/overview", { auth: false, headers: { cookie } })).status).toBe(
          200,
        );
        expect((await other.request("/api/overview", { auth: false, headers: { cookie } })).status).toBe(401);
      } finally {
        await dashboard.close();
        await other.close();
      }
    },
  );

  redisTest(
    "failed logins are limited per address: 429 with Retry-After, even with the right password, shared by instances",
    async ({ redis }) => {
      const throttle = { maxFailures: 3, windowSeconds: 120 };
      const dashboard = await startTestDashboard(redis, { session: SESSION, loginThrottle: throttle });
      const second = await startTestDashboard(redis, { session: SESSION, loginThrottle: throttle });
      try {
        for (let attempt = 1; attempt <= 3; attempt += 1) {
          const refused = await dashboard.request("/login", form({ ...WRONG_PASSWORD }));
          expect(refused.status, `attempt ${attempt}`).toBe(401);
          expect(refused.headers.get("set-cookie")).toBeNull();
          expect(await refused.text()).toContain("Wrong username or password.");
        }
        const limited = await second.request("/login", form({ ...CREDENTIALS }));
        expect(limited.status).toBe(429);
        const retryAfter = Number(limited.headers.get("retry-after"));
        expect(retryAfter).toBeGreaterThan(100);
        expect(retryAfter).toBeLessThanOrEqual(120);
        expect(limited.headers.get("set-cookie")).toBeNull();

        const failures = await dashboard.request("/metrics", { auth: false });
        expect(await failures.text()).toMatch(
          /dashboard_login_failures_total\{reason="mismatch",service="dashboard"\} 3/,
        );
        expect(dashboard.logText()).not.toContain(WRONG_PASSWORD.password);

        // The window ends (here: its key expires) and the right password works again, clearing the count.
        const [key] = await redis.connection.keys(`${redis.prefix}:dashboard:login-failures:*`);
        // Counted by the caller's address (the kit's remoteAddress), not in one bucket for everyone.
        expect(key).toMatch(/:login-failures:(::ffff:)?127\.0\.0\.1$/);
        await redis.connection.expire(key ?? "", 1);
        await new Promise((resolve) => setTimeout(resolve, 1_100));
        const { answer } = await logIn(second);
        expect(answer.status).toBe(303);
        expect(await redis.connection.exists(key ?? "")).toBe(0);
      } finally {
        await dashboard.close();
        await second.close();
      }
    },
  );

  redisTest(
    "Basic logins share the throttle: wrong ones count, and past the limit even the right one is a 429",
    async ({ redis }) => {
      const dashboard = await startTestDashboard(redis, {
        session: SESSION,
        loginThrottle: { maxFailures: 2, windowSeconds: 120 },
      });
      try {
        // No credentials at all is the challenge, not a failed login: it never counts.
        for (let attempt = 0; attempt < 5; attempt += 1) {
          expect((await dashboard.request("/api/overview", { auth: false })).status).toBe(401);
        }
        expect((await dashboard.request("/api/overview")).status).toBe(200);
        expect((await dashboard.request("/api/overview", { auth: WRONG_PASSWORD })).status).toBe(401);
        expect((await dashboard.request("/api/overview", { auth: WRONG_PASSWORD })).status).toBe(401);
        const limited = await dashboard.request("/api/overview");
        expect(limited.status).toBe(429);
        expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(100);
        expect(((await limited.json()) as { error: { code: string } }).error.code).toBe("too-many-logins");
        // The form is closed to that address too.
        expect((await dashboard.request("/login", form({ ...CREDENTIALS }))).status).toBe(429);
        const refusals = dashboard.logs().filter((line) => line.msg === "dashboard login refused");
        expect(refusals.filter((line) => line.reason === "throttled")).toHaveLength(2);
        expect(dashboard.logText()).not.toContain(WRONG_PASSWORD.password);
      } finally {
        await dashboard.close();
      }
    },
  );
});

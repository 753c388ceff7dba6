import { QUEUES } from "@routing/jobs";
import { describe, expect } from "vitest";
import { CREDENTIALS, dashboardTest, type ErrorAnswer, WRONG_PASSWORD } from "./dashboard-fixture.js";

const WRONG_USER = { username: "admin", password: CREDENTIALS.password };

const PROTECTED = [
  ["Bull Board UI", "GET", "/admin/queues"],
  ["Bull Board API", "GET", "/admin/queues/api/queues"],
  ["simulation API", "GET", "/api/simulations/00000000-0000-4000-8000-000000000000"],
  ["QA API", "POST", "/api/qa/handoff"],
  ["jobs API", "POST", "/api/jobs/skills.adjust"],
] as const;

describe("Basic auth on Bull Board and /api (real HTTP, real Redis)", () => {
  dashboardTest(
    "every protected route refuses a missing or wrong login with 401 and a Basic challenge",
    async ({ dashboard }) => {
      for (const [label, method, path] of PROTECTED) {
        for (const auth of [false, WRONG_PASSWORD, WRONG_USER] as const) {
          const answer = await dashboard.request(path, {
            method,
            auth,
            ...(method === "POST" ? { json: {} } : {}),
          });
          expect(answer.status, `${label} with ${auth === false ? "no login" : "a wrong login"}`).toBe(401);
          expect(answer.headers.get("www-authenticate")).toMatch(/^Basic realm="routing-dashboard"/);
          const body = (await answer.json()) as ErrorAnswer;
          expect(body.error).toMatchObject({ code: "unauthorized", field: "authorization" });
        }
      }
      // A malformed header is refused the same way, not answered with a 500.
      const malformed = await dashboard.request("/admin/queues/api/queues", {
        auth: false,
        headers: { authorization: "Basic !!!not-base64" },
      });
      expect(malformed.status).toBe(401);
    },
  );

  dashboardTest(
    "the right login opens Bull Board (UI and API) and the /api routes",
    async ({ dashboard }) => {
      const ui = await dashboard.request("/admin/queues");
      expect(ui.status).toBe(200);
      expect(ui.headers.get("content-type")).toMatch(/text\/html/);

      const api = await dashboard.request("/admin/queues/api/queues");
      expect(api.status).toBe(200);
      const { queues } = (await api.json()) as { queues: { name: string }[] };
      expect(queues.map((queue) => queue.name).sort()).toEqual([QUEUES.decisions, QUEUES.maintenance].sort());

      const handoff = await dashboard.request("/api/qa/handoff", {
        json: { turn: { intent: "billing", confidence: 0.9 } },
      });
      expect(handoff.status).toBe(200);
      const jobs = await dashboard.request("/api/jobs");
      expect(jobs.status).toBe(200);
    },
  );

  dashboardTest(
    "/metrics and /healthz are open (Prometheus and probes carry no credentials)",
    async ({ dashboard }) => {
      const metrics = await dashboard.request("/metrics", { auth: false });
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain("bullmq_queue_jobs");
      const health = await dashboard.request("/healthz", { auth: false });
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: "ok", checks: { redis: { status: "ok" } } });
    },
  );

  dashboardTest(
    "a failed login is logged and counted without the supplied password",
    async ({ dashboard }) => {
      expect((await dashboard.request("/api/jobs", { auth: WRONG_PASSWORD })).status).toBe(401);
      expect((await dashboard.request("/api/jobs", { auth: WRONG_USER })).status).toBe(401);

      const refusals = dashboard.logs().filter((line) => line.msg === "dashboard login refused");
      expect(refusals).toEqual([
        expect.objectContaining({ reason: "mismatch", knownUser: true, path: "/api/jobs" }),
        expect.objectContaining({ reason: "mismatch", knownUser: false, path: "/api/jobs" }),
      ]);
      const logText = dashboard.logText();
      expect(logText).not.toContain(WRONG_PASSWORD.password);
      expect(logText).not.toContain(CREDENTIALS.password);
      expect(logText).not.toContain(
        Buffer.from(`${WRONG_PASSWORD.username}:`).toString("base64").slice(0, 8),
      );

      const metrics = await (await dashboard.request("/metrics", { auth: false })).text();
      expect(metrics).toMatch(/dashboard_login_failures_total\{reason="mismatch"[^}]*\} 2/);
      expect(metrics).not.toContain(WRONG_PASSWORD.password);
    },
  );
});

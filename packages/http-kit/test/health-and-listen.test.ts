import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Counter, Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { type HealthCheck, healthRoute, metricsRoute, redisHealthCheck } from "../src/health.js";
import { listen } from "../src/listen.js";
import { json } from "../src/result.js";
import { endpoint, type Route } from "../src/route.js";
import { serve, type TestServer } from "./support.js";

interface Services {
  readonly checks: readonly HealthCheck[];
  readonly registry: Registry;
}

const ok = (name: string, detail?: Record<string, unknown>): HealthCheck => ({
  name,
  check: () => ({ ok: true, ...(detail === undefined ? {} : { detail }) }),
});

let running: TestServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function serveHealth(checks: readonly HealthCheck[]): Promise<TestServer> {
  const registry = new Registry();
  new Counter({ name: "probe_total", help: "probe", registers: [registry] }).inc(3);
  const routes: readonly Route<Services>[] = [
    healthRoute((services: Services) => services.checks, { timeoutMs: 200 }),
    metricsRoute((services: Services) => services.registry),
  ];
  running = await serve({ routes, services: { checks, registry } });
  return running;
}

describe("GET /healthz with named checks", () => {
  it("is 200 with every check's detail while every critical check passes", async () => {
    const app = await serveHealth([ok("redis"), ok("notification-stream", { state: "open", channels: [] })]);
    const answer = await app.request("/healthz");
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      status: "ok",
      checks: {
        redis: { status: "ok" },
        "notification-stream": { status: "ok", state: "open", channels: [] },
      },
    });
  });

  it("is 503 when a critical check fails, throws or times out; a non-critical failure is only reported", async () => {
    const failing: HealthCheck = {
      name: "stream",
      check: () => ({ ok: false, detail: { state: "degraded" } }),
    };
    const throwing: HealthCheck = {
      name: "redis",
      check: () => Promise.reject(new Error("connect ECONNREFUSED 10.0.0.7:6379")),
    };
    const hanging: HealthCheck = {
      name: "slow",
      check: (signal) =>
        new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("aborted")))),
    };
    const optional: HealthCheck = { name: "cache", critical: false, check: () => ({ ok: false }) };

    const onlyOptional = await serveHealth([ok("redis"), optional]);
    const degraded = await onlyOptional.request("/healthz");
    expect(degraded.status).toBe(200);
    expect(await degraded.json()).toMatchObject({
      checks: { cache: { status: "failing", critical: false } },
    });
    await onlyOptional.close();

    const app = await serveHealth([failing, throwing, hanging]);
    const answer = await app.request("/healthz");
    expect(answer.status).toBe(503);
    const body = await answer.json();
    expect(body).toEqual({
      status: "unavailable",
      checks: {
        stream: { status: "failing", state: "degraded" },
        redis: { status: "failing", reason: "error" },
        slow: { status: "failing", reason: "timeout" },
      },
    });
    expect(JSON.stringify(body)).not.toContain("10.0.0.7");
  });

  it("checks Redis with a PING", async () => {
    let pings = 0;
    const check = redisHealthCheck({ ping: async () => (pings += 1) });
    expect(check.name).toBe("redis");
    expect(await check.check(new AbortController().signal)).toEqual({ ok: true });
    expect(pings).toBe(1);
  });
});

describe("GET /metrics", () => {
  it("serves the registry in Prometheus' text format, without credentials", async () => {
    const app = await serveHealth([]);
    const answer = await app.request("/metrics");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toContain("text/plain");
    expect(await answer.text()).toContain("probe_total 3");
  });
});

describe("listen and close", () => {
  it("binds a free port for port 0 and names host and port when the port is taken", async () => {
    const first = await listen((_request, response) => response.end("first"), { port: 0, host: "127.0.0.1" });
    try {
      expect(first.port).toBeGreaterThan(0);
      expect(first.url).toBe(`http://127.0.0.1:${first.port}`);
      await expect(listen(() => {}, { port: first.port, host: "127.0.0.1" })).rejects.toThrow(
        `cannot listen on 127.0.0.1:${first.port} (EADDRINUSE)`,
      );
    } finally {
      await first.close();
    }
  });

  it("lets a request in flight finish within the grace period, refuses new connections, then is closed", async () => {
    let release: (() => void) | undefined;
    const routes: readonly Route<object>[] = [
      endpoint<object>({
        method: "GET",
        path: "/slow",
        auth: "none",
        summary: "",
        handler: async () => {
          await new Promise<void>((resolve) => {
            release = resolve;
          });
          return json(200, { finished: true });
        },
      }),
    ];
    running = await serve({ routes, services: {} });
    const app = running;
    const inFlight = app.request("/slow");
    while (release === undefined) await sleep(10);
    const closing = app.close();
    // The listening socket is closed at once: a new connection is refused.
    await expect(
      new Promise((resolve, reject) => {
        const socket = connect(app.server.port, "127.0.0.1");
        socket.once("connect", () => {
          socket.destroy();
          resolve("connected");
        });
        socket.once("error", reject);
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
    release();
    const answer = await inFlight;
    expect(await answer.json()).toEqual({ finished: true });
    await closing;
  });

  it("cuts a request still running when the grace period is over", async () => {
    const server = await listen(() => {}, { port: 0, host: "127.0.0.1", closeGraceMs: 100 });
    const inFlight = fetch(`${server.url}/never-answered`);
    await sleep(50);
    await server.close();
    await expect(inFlight).rejects.toThrow();
  });
});

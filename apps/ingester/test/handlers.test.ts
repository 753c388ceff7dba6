import { Counter, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createHealthzHandler } from "../src/handlers/healthz.js";
import { createMetricsHandler } from "../src/handlers/metrics.js";

const request = { headers: {}, rawBody: Buffer.alloc(0) };

describe("GET /healthz", () => {
  it("is 200 only while every channel is open and Redis answers", async () => {
    const open = await createHealthzHandler(() => ({
      state: "open",
      channels: [{ index: 0, status: "open" }],
      redis: "ok",
    }))(request);
    expect(open).toEqual({
      status: 200,
      body: { status: "ok", stream: "open", redis: "ok", channels: [{ index: 0, status: "open" }] },
    });
    for (const state of ["connecting", "reconnecting", "degraded", "closing", "closed"] as const) {
      const answer = await createHealthzHandler(() => ({ state, channels: [], redis: "ok" }))(request);
      expect(answer).toMatchObject({ status: 503, body: { status: "unavailable", stream: state } });
    }
    // The webhook answers 503 while Redis is away: so does the health check.
    const noRedis = await createHealthzHandler(async () => ({
      state: "open",
      channels: [],
      redis: "unavailable",
    }))(request);
    expect(noRedis).toMatchObject({ status: 503, body: { status: "unavailable", redis: "unavailable" } });
  });
});

describe("GET /metrics", () => {
  it("serves the registry in Prometheus' text format", async () => {
    const registry = new Registry();
    new Counter({ name: "probe_total", help: "probe", registers: [registry] }).inc(3);
    const answer = await createMetricsHandler(registry)(request);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe(registry.contentType);
    expect(answer.body).toContain("probe_total 3");
  });
});

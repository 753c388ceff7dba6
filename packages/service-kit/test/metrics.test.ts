import { GENESYS_ENDPOINTS, REQUEST_LANES } from "@routing/genesys-client";
import type { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createMetricsRegistry, genesysClientEventMetrics, genesysRequestMetrics } from "../src/index.js";

const request = (pathTemplate: string, status = 200) => ({
  method: "GET",
  pathTemplate,
  status,
  durationMs: 12,
  attempt: 1,
});

async function value(registry: ReturnType<typeof createMetricsRegistry>, name: string): Promise<number> {
  const metric = await registry.getSingleMetric(name)?.get();
  return metric?.values[0]?.value ?? Number.NaN;
}

describe("genesysRequestMetrics: the shared budget as series", () => {
  it("counts this process's API requests in the sliding window that ends at the scrape", async () => {
    let nowMs = 1_000_000;
    const registry = createMetricsRegistry("test");
    const observe = genesysRequestMetrics(registry, {
      budget: { limit: 240, windowMs: 60_000 },
      now: () => nowMs,
    });
    expect(await value(registry, "genesys_budget_limit")).toBe(240);
    expect(await value(registry, "genesys_budget_window_seconds")).toBe(60);
    expect(await value(registry, "genesys_budget_used")).toBe(0);

    observe(request("/api/v2/routing/queues/{queueId}/members"));
    nowMs += 30_000;
    observe(request("/api/v2/routing/conversations/{conversationId}", 429));
    // Token requests go to the login host and are not counted by Genesys' per-token API budget.
    observe(request("/oauth/token"));
    expect(await value(registry, "genesys_budget_used")).toBe(2);

    // The first request leaves the window 60 s after it was sent; the second is still in it.
    nowMs += 30_000;
    expect(await value(registry, "genesys_budget_used")).toBe(1);
    nowMs += 30_000;
    expect(await value(registry, "genesys_budget_used")).toBe(0);
  });

  it("exports no budget series without the budget, and refuses a budget that is not one", () => {
    const registry = createMetricsRegistry("test");
    genesysRequestMetrics(registry);
    expect(registry.getSingleMetric("genesys_budget_used")).toBeUndefined();
    expect(registry.getSingleMetric("genesys_requests_total")).toBeDefined();
    expect(() =>
      genesysRequestMetrics(createMetricsRegistry("test"), { budget: { limit: 0, windowMs: 60_000 } }),
    ).toThrow(/budget.limit/);
    expect(() =>
      genesysRequestMetrics(createMetricsRegistry("test"), { budget: { limit: 10, windowMs: 0 } }),
    ).toThrow(/budget.windowMs/);
  });
});

describe("genesysRequestMetrics: 429s", () => {
  it("starts every endpoint's 429 counter at 0, so the first 429 is a visible increase", async () => {
    const registry = createMetricsRegistry("test");
    const observe = genesysRequestMetrics(registry);
    const before = (await registry.getSingleMetric("genesys_rate_limited_total")?.get())?.values ?? [];
    expect(before.map((sample) => sample.labels.path).sort()).toEqual(
      [...new Set(GENESYS_ENDPOINTS.map((endpoint) => endpoint.pathTemplate)), "/oauth/token"].sort(),
    );
    expect(before.every((sample) => sample.value === 0)).toBe(true);
    observe(request("/api/v2/routing/queues/{queueId}/members", 429));
    const after = (await registry.getSingleMetric("genesys_rate_limited_total")?.get())?.values ?? [];
    expect(
      after.find((sample) => sample.labels.path === "/api/v2/routing/queues/{queueId}/members")?.value,
    ).toBe(1);
  });
});

async function samples(registry: Registry, name: string) {
  return (await registry.getSingleMetric(name)?.get())?.values ?? [];
}

const sampleOf = async (registry: Registry, name: string, labels: Record<string, string>) =>
  (await samples(registry, name)).find((sample) =>
    Object.entries(labels).every(([label, wanted]) => sample.labels[label] === wanted),
  )?.value;

describe("genesysRequestMetrics: lanes, results, retries, tokens, observed limits", () => {
  it("starts every lane x result, every lane's retries and both token results at 0", async () => {
    const registry = createMetricsRegistry("test");
    genesysRequestMetrics(registry);
    const byLane = await samples(registry, "genesys_lane_requests_total");
    expect(byLane).toHaveLength((REQUEST_LANES.length + 1) * 6);
    expect(byLane.every((sample) => sample.value === 0)).toBe(true);
    expect((await samples(registry, "genesys_retries_total")).map((s) => s.labels.lane).sort()).toEqual(
      [...REQUEST_LANES, "token"].sort(),
    );
    expect(
      (await samples(registry, "genesys_token_requests_total")).map((s) => s.labels.result).sort(),
    ).toEqual(["failure", "success"]);
  });

  it("counts each attempt by lane and result, repeats as retries, and token requests apart", async () => {
    const registry = createMetricsRegistry("test");
    const observe = genesysRequestMetrics(registry);
    const call = { method: "GET", pathTemplate: "/api/v2/routing/queues/{queueId}/members", durationMs: 5 };
    observe({ ...call, status: 503, attempt: 1, lane: "roster" });
    observe({ ...call, status: 200, attempt: 2, lane: "roster" });
    observe({ ...call, status: 401, attempt: 1, lane: "decision" });
    observe({ ...call, status: 0, attempt: 1, lane: "decision" });
    observe({ method: "POST", pathTemplate: "/oauth/token", status: 200, durationMs: 5, attempt: 1 });
    observe({ method: "POST", pathTemplate: "/oauth/token", status: 400, durationMs: 5, attempt: 1 });
    const lane = (labels: Record<string, string>) =>
      sampleOf(registry, "genesys_lane_requests_total", labels);
    expect(await lane({ lane: "roster", result: "server-error" })).toBe(1);
    expect(await lane({ lane: "roster", result: "success" })).toBe(1);
    expect(await lane({ lane: "decision", result: "unauthorized" })).toBe(1);
    expect(await lane({ lane: "decision", result: "no-response" })).toBe(1);
    expect(await lane({ lane: "token", result: "success" })).toBe(1);
    expect(await sampleOf(registry, "genesys_retries_total", { lane: "roster" })).toBe(1);
    expect(await sampleOf(registry, "genesys_retries_total", { lane: "decision" })).toBe(0);
    expect(await sampleOf(registry, "genesys_token_requests_total", { result: "success" })).toBe(1);
    expect(await sampleOf(registry, "genesys_token_requests_total", { result: "failure" })).toBe(1);
  });

  it("exports the observed inin-ratelimit-allowed and the budget's effective limit, which forgets it after 10 windows", async () => {
    let nowMs = 0;
    const registry = createMetricsRegistry("test");
    const observe = genesysRequestMetrics(registry, {
      budget: { limit: 300, windowMs: 60_000 },
      now: () => nowMs,
    });
    const seen = (allowed: number) =>
      observe({ ...request("/api/v2/routing/queues"), rateLimit: { allowed, count: 1 } });
    expect(await value(registry, "genesys_budget_effective_limit")).toBe(300);
    seen(180);
    nowMs += 60_000;
    seen(250);
    expect(await value(registry, "genesys_ratelimit_allowed")).toBe(250);
    expect(await value(registry, "genesys_budget_effective_limit")).toBe(180);
    // 180 was last seen 10 windows ago: forgotten, as the budget forgets it; 250 is still remembered.
    nowMs += 9 * 60_000;
    expect(await value(registry, "genesys_budget_effective_limit")).toBe(250);
    seen(500);
    expect(await value(registry, "genesys_budget_effective_limit")).toBe(250);
    nowMs += 10 * 60_000;
    expect(await value(registry, "genesys_budget_effective_limit")).toBe(300);
  });
});

describe("genesysClientEventMetrics: closed label sets from the client's endpoints and lanes", () => {
  it("starts every endpoint's circuit at closed (0) and every counter at 0, then follows the events", async () => {
    const registry = createMetricsRegistry("test");
    const onEvent = genesysClientEventMetrics(registry);
    const circuits = await samples(registry, "genesys_circuit_open");
    expect(circuits).toHaveLength(GENESYS_ENDPOINTS.length);
    expect(circuits.every((sample) => sample.value === 0)).toBe(true);
    expect(await samples(registry, "genesys_circuit_transitions_total")).toHaveLength(
      GENESYS_ENDPOINTS.length * 3,
    );
    expect(await samples(registry, "genesys_token_replacements_total")).toHaveLength(
      REQUEST_LANES.length * 2,
    );
    expect(await samples(registry, "genesys_retries_skipped_total")).toHaveLength(REQUEST_LANES.length * 2);

    const endpoint = { method: "PATCH", pathTemplate: "/api/v2/routing/conversations/{conversationId}" };
    const labels = { method: endpoint.method, path: endpoint.pathTemplate };
    onEvent({ kind: "circuit-opened", ...endpoint, consecutiveFailures: 5 });
    onEvent({ kind: "circuit-rejected", ...endpoint, lane: "decision", retryAfterMs: 1_000 });
    onEvent({ kind: "token-replaced", ...endpoint, lane: "decision", reason: "rejected" });
    onEvent({ kind: "token-rejected", ...endpoint, lane: "decision" });
    onEvent({ kind: "retry-skipped", ...endpoint, lane: "skills", reason: "budget" });
    expect(await sampleOf(registry, "genesys_circuit_open", labels)).toBe(1);
    expect(
      await sampleOf(registry, "genesys_circuit_transitions_total", { ...labels, state: "opened" }),
    ).toBe(1);
    expect(await sampleOf(registry, "genesys_circuit_rejections_total", { lane: "decision" })).toBe(1);
    expect(
      await sampleOf(registry, "genesys_token_replacements_total", { lane: "decision", reason: "rejected" }),
    ).toBe(1);
    expect(await sampleOf(registry, "genesys_token_rejections_total", { lane: "decision" })).toBe(1);
    expect(
      await sampleOf(registry, "genesys_retries_skipped_total", { lane: "skills", reason: "budget" }),
    ).toBe(1);
    onEvent({ kind: "circuit-closed", ...endpoint, consecutiveFailures: 0 });
    expect(await sampleOf(registry, "genesys_circuit_open", labels)).toBe(0);
  });
});

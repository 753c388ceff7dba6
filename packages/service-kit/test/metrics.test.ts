import { describe, expect, it } from "vitest";
import { createMetricsRegistry, genesysRequestMetrics } from "../src/index.js";

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
  it("starts a path's 429 counter at 0 on its first request, so the first 429 is a visible increase", async () => {
    const registry = createMetricsRegistry("test");
    const observe = genesysRequestMetrics(registry);
    observe(request("/api/v2/routing/queues/{queueId}/members"));
    const before = (await registry.getSingleMetric("genesys_rate_limited_total")?.get())?.values ?? [];
    expect(before).toEqual([
      expect.objectContaining({ labels: { path: "/api/v2/routing/queues/{queueId}/members" }, value: 0 }),
    ]);
    observe(request("/api/v2/routing/queues/{queueId}/members", 429));
    const after = (await registry.getSingleMetric("genesys_rate_limited_total")?.get())?.values ?? [];
    expect(after.map((sample) => sample.value)).toEqual([1]);
  });
});

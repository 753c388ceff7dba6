/**
 * Every call the ingester makes (the queue listing its start waits for, channels, subscriptions) draws from
 * the budget's `notifications` lane, which workers at saturation cannot starve; none from the decisions'.
 */
import { describe, expect } from "vitest";
import { ingesterTest } from "./support/ingester-harness.js";

const test = ingesterTest({ clock: "manual", contactCentre: { arrivalsPerMinute: 0 } });

describe("ingester: the budget lane of its Genesys calls", () => {
  test("the queue listing, channels and subscriptions all go on the notifications lane", async ({
    harness,
  }) => {
    // No queue ids configured: the start lists every queue first.
    const running = await harness.startIngester();
    const requests = (labels: Record<string, string>) => running.metric("genesys_requests_total", labels);
    expect(
      await requests({ method: "GET", path: "/api/v2/routing/queues", lane: "notifications" }),
    ).toBeGreaterThan(0);
    expect(
      await requests({ method: "POST", path: "/api/v2/notifications/channels", lane: "notifications" }),
    ).toBeGreaterThan(0);
    expect(
      await requests({
        method: "PUT",
        path: "/api/v2/notifications/channels/{channelId}/subscriptions",
        lane: "notifications",
      }),
    ).toBeGreaterThan(0);
    for (const lane of ["decision", "roster", "recovery", "reconciliation", "skills", "maintenance"]) {
      expect(await requests({ lane })).toBe(0);
    }
    // The client's event series are exported, zero-initialised.
    expect(await running.metric("genesys_circuit_rejections_total", { lane: "notifications" })).toBe(0);
    expect(
      await running.metric("genesys_lane_requests_total", { lane: "notifications", result: "success" }),
    ).toBeGreaterThan(0);
  });
});

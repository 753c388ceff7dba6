import { checkHealth } from "@routing/http-kit";
import { describe, expect, it } from "vitest";
import { ingesterHealthChecks } from "../src/http/health-checks.js";

const redisUp = { ping: async () => "PONG" };
const redisDown = {
  ping: () => Promise.reject(new Error("Stream isn't writeable and enableOfflineQueue options is false")),
};

describe("the ingester's /healthz checks", () => {
  it("passes only while every notification channel is open", async () => {
    const open = await checkHealth(
      ingesterHealthChecks(() => ({ state: "open", channels: [{ index: 0, status: "open" }] }), redisUp),
    );
    expect(open).toEqual({
      status: "ok",
      checks: {
        "notification-stream": { status: "ok", state: "open", channels: [{ index: 0, status: "open" }] },
        redis: { status: "ok" },
      },
    });
    for (const state of ["connecting", "reconnecting", "degraded", "closing", "closed"] as const) {
      const report = await checkHealth(ingesterHealthChecks(() => ({ state, channels: [] }), redisUp));
      expect(report).toMatchObject({ status: "unavailable", checks: { "notification-stream": { state } } });
    }
  });

  it("fails while Redis is away, as the webhook does (503): no event becomes a job until it is back", async () => {
    const report = await checkHealth(
      ingesterHealthChecks(() => ({ state: "open", channels: [] }), redisDown),
    );
    expect(report).toMatchObject({ status: "unavailable", checks: { redis: { status: "failing" } } });
  });
});

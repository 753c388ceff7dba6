import { describe, expect, it } from "vitest";
import type { ErrorBody } from "./genesys-shapes.js";
import { api, getToken, useEmulators } from "./helpers.js";

const start = useEmulators();
const PATH = "/api/v2/routing/skills";

describe("per-token rate limit", () => {
  it("answers the (limit+1)th request in a window with 429, Retry-After and the Genesys code", async () => {
    const emulator = await start({ clock: "manual", rateLimit: { limit: 5, windowMs: 1000 } });
    const token = await getToken(emulator);
    for (let request = 1; request <= 5; request++) {
      const response = await api(emulator, token, "GET", PATH);
      expect(response.status).toBe(200);
      expect(response.headers.get("inin-ratelimit-count")).toBe(String(request));
      expect(response.headers.get("inin-ratelimit-allowed")).toBe("5");
      expect(response.headers.get("inin-ratelimit-reset")).toBe("1");
    }
    const limited = await api<ErrorBody>(emulator, token, "GET", PATH);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.headers.get("inin-ratelimit-allowed")).toBe("5");
    expect(limited.body.code).toBe("too.many.requests.retry.after");
    // Genesys' normalised 429 (developer.genesys.cloud/forum/t/normalized-platform-api-429-responses/12028).
    expect(limited.body.message).toBe("Rate limit exceeded the maximum. Retry the request in [1] seconds");
    expect(limited.body.status).toBe(429);
    expect(limited.body.contextId).toBe(limited.headers.get("inin-correlation-id"));
    expect(limited.body.details).toEqual([]);
    expect(limited.body.errors).toEqual([]);
  });

  it("uses the real Genesys message and Retry-After with the default budget", async () => {
    const emulator = await start({ clock: "manual" });
    const token = await getToken(emulator);
    let last = await api<ErrorBody>(emulator, token, "GET", PATH);
    for (let request = 2; request <= 301; request++)
      last = await api<ErrorBody>(emulator, token, "GET", PATH);
    expect(last.status).toBe(429);
    expect(last.body.message).toBe("Rate limit exceeded the maximum. Retry the request in [60] seconds");
    expect(last.body.code).toBe("too.many.requests.retry.after");
    expect(last.headers.get("retry-after")).toBe("60");
  });

  it("opens a new window once the old one has passed", async () => {
    const emulator = await start({ clock: "manual", rateLimit: { limit: 2, windowMs: 10_000 } });
    const token = await getToken(emulator);
    await api(emulator, token, "GET", PATH);
    await emulator.control.advance(4000);
    await api(emulator, token, "GET", PATH);
    const limited = await api(emulator, token, "GET", PATH);
    expect(limited.status).toBe(429);
    // The window opened at the first request, 4 s ago: 6 s remain.
    expect(limited.headers.get("retry-after")).toBe("6");
    await emulator.control.advance(6000);
    const again = await api(emulator, token, "GET", PATH);
    expect(again.status).toBe(200);
    expect(again.headers.get("inin-ratelimit-count")).toBe("1");
  });

  it("sends the rate-limit headers on error responses too (a 404 counts against the budget)", async () => {
    // platform-client-sdk-javascript README, "Error Responses": a 404 carries inin-ratelimit-* like a 200.
    const emulator = await start({ clock: "manual", rateLimit: { limit: 5, windowMs: 60_000 } });
    const token = await getToken(emulator);
    await api(emulator, token, "GET", PATH);
    const missing = await api<ErrorBody>(
      emulator,
      token,
      "GET",
      "/api/v2/routing/queues/00000000-0000-4000-8000-000000000000",
    );
    expect(missing.status).toBe(404);
    expect(missing.headers.get("inin-ratelimit-count")).toBe("2");
    expect(missing.headers.get("inin-ratelimit-allowed")).toBe("5");
    expect(missing.headers.get("inin-ratelimit-reset")).toBe("60");
  });

  it("gives each token its own budget", async () => {
    const emulator = await start({ clock: "manual", rateLimit: { limit: 1, windowMs: 60_000 } });
    const first = await getToken(emulator);
    const second = await getToken(emulator);
    expect((await api(emulator, first, "GET", PATH)).status).toBe(200);
    expect((await api(emulator, first, "GET", PATH)).status).toBe(429);
    expect((await api(emulator, second, "GET", PATH)).status).toBe(200);
  });

  it("resets on the real clock as well", async () => {
    // Two seconds: room for a loaded machine between the first two requests.
    const emulator = await start({ rateLimit: { limit: 1, windowMs: 2000 } });
    const token = await getToken(emulator);
    expect((await api(emulator, token, "GET", PATH)).status).toBe(200);
    expect((await api(emulator, token, "GET", PATH)).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 2050));
    expect((await api(emulator, token, "GET", PATH)).status).toBe(200);
  });
});

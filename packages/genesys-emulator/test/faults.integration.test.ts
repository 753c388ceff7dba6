import { describe, expect, it } from "vitest";
import type { ErrorBody } from "./genesys-shapes.js";
import { api, getToken, useEmulators } from "./helpers.js";

const start = useEmulators();
const PATH = "/api/v2/routing/skills";

describe("fault injection", () => {
  it("injects a 429 with Retry-After: 1 and the Genesys code by default", async () => {
    const emulator = await start();
    const token = await getToken(emulator);
    emulator.control.injectFaults({ status: 429 });
    const limited = await api<ErrorBody>(emulator, token, "GET", PATH);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.body.code).toBe("too.many.requests.retry.after");
    expect(limited.body.contextId).toBe(limited.headers.get("inin-correlation-id"));
    expect(limited.headers.get("inin-ratelimit-allowed")).toBe("300");
    // times defaults to 1
    expect((await api(emulator, token, "GET", PATH)).status).toBe(200);
  });

  it("injects a 429 without Retry-After, with a chosen inin-ratelimit-reset", async () => {
    const emulator = await start();
    const token = await getToken(emulator);
    emulator.control.injectFaults({
      status: 429,
      retryAfterSeconds: null,
      rateLimitResetSeconds: 7,
      code: "too.many.requests",
    });
    const limited = await api<ErrorBody>(emulator, token, "GET", PATH);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBeNull();
    expect(limited.headers.get("inin-ratelimit-reset")).toBe("7");
    expect(limited.body.code).toBe("too.many.requests");
  });

  it("injects 503 a given number of times, only for the matching method and path", async () => {
    const emulator = await start();
    const token = await getToken(emulator);
    emulator.control.injectFaults({
      status: 503,
      times: 2,
      method: "GET",
      pathPrefix: "/api/v2/routing/skills",
    });
    expect((await api(emulator, token, "GET", "/api/v2/routing/queues")).status).toBe(200);
    const first = await api<ErrorBody>(emulator, token, "GET", PATH);
    expect(first.status).toBe(503);
    expect(first.body.code).toBe("service.unavailable");
    expect((await api(emulator, token, "GET", PATH)).status).toBe(503);
    expect((await api(emulator, token, "GET", PATH)).status).toBe(200);
  });

  it("injects 409 request.conflict on writes and clearFaults removes rules", async () => {
    const emulator = await start();
    const token = await getToken(emulator);
    const agent = emulator.control.snapshot().agents[0];
    const skill = emulator.control.snapshot().skills[0];
    emulator.control.injectFaults({ status: 409, times: 5, method: "PUT" });
    const conflict = await api<ErrorBody>(
      emulator,
      token,
      "PUT",
      `/api/v2/users/${agent?.id}/routingskills/${skill?.id}`,
      {
        proficiency: 2,
      },
    );
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe("request.conflict");
    emulator.control.clearFaults();
    const written = await api(
      emulator,
      token,
      "PUT",
      `/api/v2/users/${agent?.id}/routingskills/${skill?.id}`,
      {
        proficiency: 2,
      },
    );
    expect(written.status).toBe(200);
  });

  it("still requires authentication before a fault applies, and leaves token requests alone by default", async () => {
    const emulator = await start();
    emulator.control.injectFaults({ status: 503 });
    const token = await getToken(emulator);
    const unauthenticated = await fetch(`${emulator.apiBaseUrl}${PATH}`);
    expect(unauthenticated.status).toBe(401);
    expect((await api(emulator, token, "GET", PATH)).status).toBe(503);
  });

  it("resets the connection for a reset fault", async () => {
    const emulator = await start();
    const token = await getToken(emulator);
    emulator.control.injectFaults({ status: 0 });
    await expect(api(emulator, token, "GET", PATH)).rejects.toThrow();
    expect(emulator.control.requestLog().at(-1)?.status).toBe(0);
    expect((await api(emulator, token, "GET", PATH)).status).toBe(200);
  });

  it("adds latency to matching paths only", async () => {
    const emulator = await start();
    const token = await getToken(emulator);
    const timed = async (path: string) => {
      const began = performance.now();
      const response = await api(emulator, token, "GET", path);
      return { status: response.status, took: performance.now() - began, endedAt: performance.now() };
    };
    emulator.control.setLatency({ ms: 600, pathPrefix: PATH });
    const [slow, fast] = await Promise.all([timed(PATH), timed("/api/v2/routing/queues")]);
    expect(slow.status).toBe(200);
    expect(slow.took).toBeGreaterThanOrEqual(590);
    expect(fast.endedAt).toBeLessThan(slow.endedAt);

    emulator.control.setLatency({ ms: 600, pathPrefix: "/api/v2/routing/queues" });
    const [nowFast, nowSlow] = await Promise.all([timed(PATH), timed("/api/v2/routing/queues")]);
    expect(nowSlow.took).toBeGreaterThanOrEqual(590);
    expect(nowFast.endedAt).toBeLessThan(nowSlow.endedAt);

    emulator.control.setLatency(null);
    expect(() => emulator.control.setLatency({ ms: -1 })).toThrow(/ms/);
  });

  it("rejects an invalid rule", async () => {
    const emulator = await start();
    expect(() => emulator.control.injectFaults({ status: 200 })).toThrow(/status/);
  });
});

describe("control API over HTTP", () => {
  it("injects faults, reads logs and takes snapshots under /__emulator", async () => {
    const emulator = await start({ clock: "manual", contactCentre: { arrivalsPerMinute: 0 } });
    const token = await getToken(emulator);
    const base = `${emulator.apiBaseUrl}/__emulator`;
    const json = { "content-type": "application/json" };
    const created = await fetch(`${base}/faults`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ status: 503 }),
    });
    expect(created.status).toBe(201);
    expect((await api(emulator, token, "GET", PATH)).status).toBe(503);

    const bad = await fetch(`${base}/faults`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ status: "x" }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).details[0]?.fieldName).toBe("status");

    const queueId = emulator.control.snapshot().queues[0]?.id;
    const conversation = await fetch(`${base}/conversations`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ queueId }),
    });
    expect(conversation.status).toBe(201);
    const { id } = (await conversation.json()) as { id: string };
    const advanced = await fetch(`${base}/advance`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ ms: 60_000 }),
    });
    expect(await advanced.json()).toEqual({ now: emulator.control.now() });
    const snapshot = (await (await fetch(`${base}/snapshot`)).json()) as {
      conversations: Array<{ id: string; state: string }>;
    };
    expect(snapshot.conversations.find((c) => c.id === id)?.state).not.toBe("waiting");

    await api(emulator, token, "PUT", `/api/v2/users/nobody/routingskills/none`, { proficiency: 1 });
    const writes = (await (await fetch(`${base}/writes`)).json()) as Array<{
      method: string;
      path: string;
      body?: unknown;
    }>;
    expect(writes.at(-1)).toMatchObject({ method: "PUT", body: { proficiency: 1 } });
    expect(writes.some((entry) => entry.path.startsWith("/__emulator"))).toBe(false);
    expect((await fetch(`${base}/logs`, { method: "DELETE" })).status).toBe(204);
    expect(emulator.control.requestLog()).toEqual([]);
  });
});

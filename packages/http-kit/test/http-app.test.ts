import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { basicAuth } from "../src/basic-auth.js";
import { createHttpApp } from "../src/create-http-app.js";
import { HttpError } from "../src/http-error.js";
import { json } from "../src/result.js";
import { endpoint, jsonBody, mount, type Route, rawBody } from "../src/route.js";
import { errorOf, serve, type TestServer } from "./support.js";

interface Services {
  readonly greeting: string;
  readonly bodyLimit: number;
}

const SERVICES: Services = { greeting: "hello", bodyLimit: 64 };
const CREDENTIALS = { username: "ops", password: "correct-horse-battery" };
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

const agentsSchema = z.strictObject({
  agents: z.array(z.strictObject({ skills: z.record(z.string(), z.number().max(5)) })),
});

const ROUTES: readonly Route<Services>[] = [
  endpoint<Services>({
    method: "GET",
    path: "/greetings/:name",
    auth: "none",
    summary: "a greeting",
    handler: (request, services) =>
      json(200, { text: `${services.greeting} ${request.params.name}`, loud: request.query.get("loud") }),
  }),
  endpoint({
    method: "POST",
    path: "/agents",
    auth: "basic",
    body: jsonBody(agentsSchema),
    summary: "checked JSON",
    handler: (request) => json(201, { count: request.body.agents.length }),
  }),
  endpoint({
    method: "POST",
    path: "/small",
    auth: "none",
    body: jsonBody(z.unknown(), { limitBytes: (services: Services) => services.bodyLimit }),
    summary: "a small JSON body",
    handler: () => json(204, undefined),
  }),
  endpoint({
    method: "POST",
    path: "/raw",
    auth: "handler",
    body: rawBody({ limitBytes: 32 }),
    summary: "exact bytes",
    handler: (request) =>
      json(200, { hex: request.body.toString("hex"), type: request.headers["content-type"] }),
  }),
  endpoint<Services>({
    method: "GET",
    path: "/boom",
    auth: "none",
    summary: "a bug",
    handler: () => {
      throw new Error("ECONNREFUSED 10.0.0.7:6379 password=hunter2");
    },
  }),
  endpoint<Services>({
    method: "GET",
    path: "/busy",
    auth: "none",
    summary: "an answer other than success",
    handler: () => {
      throw new HttpError(429, "too-busy", "come back later", { headers: { "Retry-After": "10" } });
    },
  }),
  endpoint<Services>({
    method: "GET",
    path: "/mapped",
    auth: "none",
    summary: "an app error the app maps",
    handler: () => {
      throw new RangeError("topN must be at least 1");
    },
  }),
  mount<Services>({
    path: "/board",
    auth: "basic",
    summary: "Board",
    audit: true,
    app: () => {
      const router = express.Router();
      router.get("/", (_request, response) => {
        response.type("text/html").send("<h1>board</h1>");
      });
      router.post("/api/retry", (_request, response) => {
        response.json({ retried: true });
      });
      router.get("/partial", (_request, response, next) => {
        response.writeHead(200, { "content-type": "text/plain" });
        response.write("the first half");
        next(new Error("the second half failed"));
      });
      return router;
    },
  }),
];

let running: TestServer | undefined;
const refusals: unknown[] = [];

async function start(): Promise<TestServer> {
  refusals.length = 0;
  running = await serve({
    routes: ROUTES,
    services: SERVICES,
    authenticators: {
      basic: basicAuth({
        realm: "test",
        credentials: CREDENTIALS,
        onRefused: (refusal) => refusals.push(refusal),
      }),
    },
    mapError: (error) =>
      error instanceof RangeError
        ? new HttpError(400, "invalid-options", error.message, { field: "options.topN" })
        : undefined,
  });
  return running;
}

afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe("the route table as an HTTP app (real HTTP)", () => {
  it("answers what handlers return, with path parameters and the query", async () => {
    const app = await start();
    const answer = await app.request("/greetings/ada?loud=yes");
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ text: "hello ada", loud: "yes" });
  });

  it("unknown paths are 404 and known paths with another method 405 with Allow, as the one error body", async () => {
    const app = await start();
    const missing = await app.request("/nothing-here");
    expect(missing.status).toBe(404);
    expect(await errorOf(missing)).toEqual({
      code: "not-found",
      field: null,
      message: "no route GET /nothing-here",
    });
    const wrongMethod = await app.request("/greetings/ada", { method: "DELETE" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET, HEAD");
    expect(await errorOf(wrongMethod)).toMatchObject({ code: "method-not-allowed", field: null });
  });

  it("checks a JSON body against the route's schema and names the field at fault", async () => {
    const app = await start();
    const post = (body: string, contentType = "application/json") =>
      app.request("/agents", {
        method: "POST",
        headers: { "content-type": contentType, authorization: basic("ops", CREDENTIALS.password) },
        body,
      });
    const ok = await post(JSON.stringify({ agents: [{ skills: { billing: 3 } }] }));
    expect(ok.status).toBe(201);
    expect(await ok.json()).toEqual({ count: 1 });

    const bad = await post(JSON.stringify({ agents: [{ skills: {} }, { skills: { billing: 7 } }] }));
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatchObject({ code: "invalid-request", field: "agents[1].skills.billing" });

    const typo = await post(JSON.stringify({ agents: [{ skills: {}, skils: {} }] }));
    expect(await errorOf(typo)).toMatchObject({
      field: "agents[0].skils",
      message: 'unknown field "agents[0].skils"',
    });

    // No body at all: the body itself is what is missing.
    const missing = await app.request("/agents", {
      method: "POST",
      headers: { authorization: basic("ops", CREDENTIALS.password) },
    });
    expect(missing.status).toBe(400);
    expect(await errorOf(missing)).toMatchObject({ code: "invalid-request", field: "body" });

    const notJson = await post('{"agents": [');
    expect(notJson.status).toBe(400);
    expect(await errorOf(notJson)).toMatchObject({ code: "invalid-json", field: "body" });

    const text = await post("agents=1", "text/plain");
    expect(text.status).toBe(415);
    expect(await errorOf(text)).toMatchObject({ code: "unsupported-media-type", field: "content-type" });
  });

  it("refuses a body over the route's limit with 413, read from the services when the route says so", async () => {
    const app = await start();
    const big = await app.request("/small", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ padding: "x".repeat(SERVICES.bodyLimit) }),
    });
    expect(big.status).toBe(413);
    expect(await errorOf(big)).toMatchObject({ code: "payload-too-large", field: "body" });
    const small = await app.request("/small", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(small.status).toBe(204);
  });

  it("gives raw routes the exact bytes, whatever the content type", async () => {
    const app = await start();
    const bytes = Buffer.from([0x7b, 0x00, 0xff, 0x7d]);
    const answer = await app.request("/raw", {
      method: "POST",
      headers: { "content-type": "application/x-anything" },
      body: bytes,
    });
    expect(await answer.json()).toEqual({ hex: "7b00ff7d", type: "application/x-anything" });
    const tooLarge = await app.request("/raw", { method: "POST", body: "x".repeat(33) });
    expect(tooLarge.status).toBe(413);
  });

  it("authenticates before reading the body, and never logs or reports what was supplied", async () => {
    const app = await start();
    for (const authorization of [
      undefined,
      basic("ops", "hunter2-wrong"),
      basic("root", CREDENTIALS.password),
    ]) {
      // Far over the 1 MiB default: refused for the login, not for the size.
      const answer = await app.request("/agents", {
        method: "POST",
        headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ padding: "x".repeat(2 * 1024 * 1024) }),
      });
      expect(answer.status).toBe(401);
      expect(answer.headers.get("www-authenticate")).toBe('Basic realm="test", charset="UTF-8"');
      expect(await errorOf(answer)).toMatchObject({ code: "unauthorized", field: "authorization" });
    }
    expect(refusals).toEqual([
      expect.objectContaining({ reason: "missing", knownUser: false, path: "/agents" }),
      expect.objectContaining({ reason: "mismatch", knownUser: true }),
      expect.objectContaining({ reason: "mismatch", knownUser: false }),
    ]);
    expect(JSON.stringify(refusals)).not.toContain("hunter2");
  });

  it("mounts express applications behind the same auth, and audits their state changes", async () => {
    const app = await start();
    expect((await app.request("/board")).status).toBe(401);
    const authorization = basic("ops", CREDENTIALS.password);
    const page = await app.request("/board", { headers: { authorization } });
    expect(page.status).toBe(200);
    expect(await page.text()).toBe("<h1>board</h1>");
    const retry = await app.request("/board/api/retry", { method: "POST", headers: { authorization } });
    expect(await retry.json()).toEqual({ retried: true });
    expect(app.logs()).toContainEqual(
      expect.objectContaining({ msg: "Board action", method: "POST", path: "/board/api/retry", status: 200 }),
    );
    // A failure after part of the answer left: logged, and the connection ends (no second answer).
    const partial = await app.request("/board/partial", { headers: { authorization } });
    expect(partial.status).toBe(200);
    await expect(partial.text()).rejects.toThrow();
    expect(app.logs()).toContainEqual(
      expect.objectContaining({
        msg: "request failed",
        err: expect.objectContaining({ message: "the second half failed" }),
      }),
    );
    // Past the mounted router's own routes: the kit's JSON 404.
    const missing = await app.request("/board/nope", { headers: { authorization } });
    expect(missing.status).toBe(404);
  });

  it("answers a bug with a 500 that says nothing about it, logs it with its stack, and keeps serving", async () => {
    const app = await start();
    const answer = await app.request("/boom");
    expect(answer.status).toBe(500);
    const error = await errorOf(answer);
    expect(error.code).toBe("internal-error");
    expect(JSON.stringify(error)).not.toContain("10.0.0.7");
    const logged = app.logs().find((line) => line.msg === "request failed");
    expect(logged).toMatchObject({ method: "GET", path: "/boom", err: { type: "Error" } });
    expect(String((logged?.err as { stack?: unknown } | undefined)?.stack)).toContain("ECONNREFUSED");
    expect((await app.request("/greetings/x")).status).toBe(200);
  });

  it("answers thrown HttpErrors with their status and headers, and the app's own errors through its mapping", async () => {
    const app = await start();
    const busy = await app.request("/busy");
    expect(busy.status).toBe(429);
    expect(busy.headers.get("retry-after")).toBe("10");
    expect(await errorOf(busy)).toMatchObject({ code: "too-busy" });
    const mapped = await app.request("/mapped");
    expect(mapped.status).toBe(400);
    expect(await errorOf(mapped)).toMatchObject({ code: "invalid-options", field: "options.topN" });
    expect(app.logs().filter((line) => line.msg === "request failed")).toEqual([]);
  });

  it("counts and times every answer under its route template, never the concrete path", async () => {
    const app = await start();
    await app.request("/greetings/ada");
    await app.request("/greetings/grace");
    await app.request("/no/such/path/123");
    await app.request("/board");
    const metrics = await app.registry.metrics();
    expect(metrics).toMatch(
      /test_http_requests_total\{method="GET",route="\/greetings\/:name",status="200"\} 2/,
    );
    expect(metrics).toMatch(/test_http_requests_total\{method="GET",route="unmatched",status="404"\} 1/);
    expect(metrics).toMatch(/test_http_requests_total\{method="GET",route="\/board\/\*",status="401"\} 1/);
    expect(metrics).toMatch(
      /test_http_request_duration_seconds_count\{method="GET",route="\/greetings\/:name"\} 2/,
    );
    expect(metrics).not.toContain("ada");
  });
});

describe("the route table is checked when the app is built", () => {
  const base = { services: {}, logger: undefined as never, registry: undefined as never, service: "t" };
  const ping = endpoint<object>({
    method: "GET",
    path: "/ping",
    auth: "none",
    summary: "",
    handler: () => json(200, {}),
  });

  it("refuses a route listed twice and an auth nobody provides", () => {
    expect(() => createHttpApp({ ...base, routes: [ping, ping] })).toThrow(/GET \/ping is listed twice/);
    expect(() => createHttpApp({ ...base, routes: [{ ...ping, auth: "basic" }] })).toThrow(
      /needs the authenticator "basic"/,
    );
  });
});

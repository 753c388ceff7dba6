import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createHttpExecutor,
  type HttpCall,
  type HttpExecutorOptions,
  HttpFailure,
} from "../src/http-executor.js";
import type { RequestEvent } from "../src/observer.js";
import type { RetryPolicy } from "../src/retry-policy.js";

const policy: RetryPolicy = {
  maxRetries: 2,
  backoff: { baseDelayMs: 1, maxDelayMs: 5 },
  rateLimitMode: "retry-in-process",
  rateLimitMaxRetries: 1,
  rateLimitMaxWaitMs: 1_000,
  rateLimitFallbackDelayMs: 1,
};

interface Seen {
  readonly method: string | undefined;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

let server: Server;
let base: string;
const seen: Seen[] = [];
let hits = 0;

function route(req: IncomingMessage, res: ServerResponse, body: string): void {
  seen.push({ method: req.method, headers: req.headers, body });
  const path = req.url ?? "";
  if (path === "/json") res.writeHead(200, { "content-type": "application/json" }).end('{"a":1}');
  else if (path === "/text") res.writeHead(200).end("plain words");
  else if (path === "/empty") res.writeHead(204).end();
  else if (path === "/gzip") res.writeHead(200, { "content-encoding": "gzip" }).end(gzipSync('{"z":true}'));
  else if (path === "/redirect") res.writeHead(302, { location: `${base}/json` }).end();
  else if (path === "/error")
    res.writeHead(400, { "inin-correlation-id": "corr-1" }).end('{"code":"bad.request","message":"no"}');
  else if (path === "/huge") res.writeHead(200, { "content-type": "application/json" }).end("x".repeat(2048));
  else if (path === "/huge-chunked") {
    res.writeHead(200);
    res.write("x".repeat(1500));
    res.end("x".repeat(1500));
  } else if (path === "/slow") setTimeout(() => res.writeHead(200).end("{}"), 300);
  else if (path === "/flaky") {
    hits += 1;
    if (hits === 1) res.writeHead(503).end();
    else res.writeHead(200).end('{"ok":true}');
  } else if (path === "/reset") req.socket.destroy();
  else res.writeHead(404).end();
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => route(req, res, Buffer.concat(chunks).toString("utf8")));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function executor(events: RequestEvent[] = [], overrides: Partial<HttpExecutorOptions> = {}) {
  return createHttpExecutor({
    timeoutMs: 2_000,
    retryPolicy: policy,
    onRequest: (event) => events.push(event),
    now: Date.now,
    random: () => 0.5,
    maxResponseBytes: 1024,
    ...overrides,
  });
}

function call(path: string, extra: Partial<HttpCall> = {}): HttpCall {
  return { method: "GET", url: `${base}${path}`, pathTemplate: path, idempotent: true, ...extra };
}

async function failureOf(promise: Promise<unknown>): Promise<HttpFailure> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HttpFailure);
  return error as HttpFailure;
}

describe("createHttpExecutor on node:http", () => {
  it("parses JSON bodies whatever the content type, keeps other text, gives '' for an empty body", async () => {
    const send = executor();
    expect((await send.send(call("/json"), { attempts: 0 })).data).toEqual({ a: 1 });
    expect((await send.send(call("/text"), { attempts: 0 })).data).toBe("plain words");
    const empty = await send.send(call("/empty"), { attempts: 0 });
    expect(empty).toMatchObject({ status: 204, data: "" });
    expect((await send.send(call("/gzip"), { attempts: 0 })).data).toEqual({ z: true });
  });

  it("sends JSON data with its length, a string body as is, Accept and the hook's headers", async () => {
    const send = executor();
    seen.length = 0;
    await send.send(
      call("/json", {
        method: "PATCH",
        data: { b: "é" },
        beforeAttempt: async (headers) => {
          headers.Authorization = "Bearer t";
        },
      }),
      { attempts: 0 },
    );
    await send.send(
      call("/json", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        data: "grant_type=client_credentials",
      }),
      { attempts: 0 },
    );
    expect(seen[0]).toMatchObject({
      method: "PATCH",
      body: '{"b":"é"}',
      headers: {
        accept: "application/json",
        authorization: "Bearer t",
        "content-type": "application/json",
        "content-length": "10",
      },
    });
    expect(seen[1]).toMatchObject({
      body: "grant_type=client_credentials",
      headers: { "content-type": "application/x-www-form-urlencoded", "content-length": "29" },
    });
  });

  it("never follows a redirect: a 3xx is a status failure", async () => {
    const failure = await failureOf(executor().send(call("/redirect"), { attempts: 0 }));
    expect(failure.failure).toMatchObject({ kind: "status", status: 302 });
  });

  it("throws a status failure with the parsed error body, and reports the attempt", async () => {
    const events: RequestEvent[] = [];
    const failure = await failureOf(executor(events).send(call("/error"), { attempts: 0 }));
    expect(failure.failure).toMatchObject({ kind: "status", status: 400 });
    expect(failure.body).toEqual({ code: "bad.request", message: "no" });
    expect(events).toMatchObject([{ status: 400, attempt: 1, correlationId: "corr-1" }]);
  });

  it("retries a 503 on an idempotent call and counts it", async () => {
    hits = 0;
    const counter = { attempts: 0 };
    const retries: boolean[] = [];
    const result = await executor().send(
      call("/flaky", {
        beforeAttempt: async (_headers, _signal, { retry }) => {
          retries.push(retry);
        },
      }),
      counter,
    );
    expect(result.data).toEqual({ ok: true });
    expect(counter.attempts).toBe(2);
    expect(retries).toEqual([false, true]);
  });

  it("fails a body over the cap as a network failure, declared or streamed", async () => {
    for (const path of ["/huge", "/huge-chunked"]) {
      const failure = await failureOf(executor().send(call(path, { idempotent: false }), { attempts: 0 }));
      expect(failure.failure).toEqual({ kind: "network" });
      expect(failure.lowLevel?.code).toBe("ERR_RESPONSE_TOO_LARGE");
    }
  });

  it("times an attempt out, and reports a connection error as status 0", async () => {
    const timedOut = await failureOf(
      executor([], { timeoutMs: 50 }).send(call("/slow", { idempotent: false }), { attempts: 0 }),
    );
    expect(timedOut.failure).toEqual({ kind: "timeout" });
    expect(timedOut.lowLevel).toEqual({ code: "ECONNABORTED", message: "timeout of 50ms exceeded" });

    const events: RequestEvent[] = [];
    const reset = await failureOf(
      executor(events).send(call("/reset", { idempotent: false }), { attempts: 0 }),
    );
    expect(reset.failure).toEqual({ kind: "network" });
    expect(reset.lowLevel?.code).toBe("ECONNRESET");
    expect(events).toMatchObject([{ status: 0, attempt: 1 }]);
  });

  it("rethrows the caller's abort reason, in flight or before sending", async () => {
    const controller = new AbortController();
    const reason = new Error("shutting down");
    const pending = executor().send(call("/slow", { signal: controller.signal }), { attempts: 0 });
    setTimeout(() => controller.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);
    await expect(executor().send(call("/json", { signal: controller.signal }), { attempts: 0 })).rejects.toBe(
      reason,
    );
  });
});

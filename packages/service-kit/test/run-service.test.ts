import { EventEmitter } from "node:events";
import { PassThrough } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { coerceError, EnvError, parseEnv, runService, type ServiceDefinition } from "../src/process.js";

/** A process stand-in: signals are emitted by the test, exit is recorded. */
function fakeProcess() {
  const events = new EventEmitter();
  const exits: number[] = [];
  let exited: (code: number) => void = () => {};
  const exitedOnce = new Promise<number>((resolve) => {
    exited = resolve;
  });
  return {
    on: (event: string, listener: (value: never) => void) =>
      events.on(event, (value: unknown) => listener(value as never)),
    exit: (code: number) => {
      exits.push(code);
      exited(code);
    },
    emit: (event: string, value: unknown) => events.emit(event, value),
    exits,
    exitedOnce,
  };
}

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new PassThrough();
  destination.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) lines.push(JSON.parse(line));
  });
  return { lines, destination, messages: () => lines.map((line) => line.msg) };
}

const config = (env: Readonly<Record<string, string | undefined>>) => {
  const parsed = parseEnv({ PORT: z.string().regex(/^\d+$/, "must be a number").default("1") }, env);
  return { port: parsed.PORT, logLevel: "info" as const };
};

async function run(
  definition: Omit<ServiceDefinition<ReturnType<typeof config>>, "name" | "readConfig">,
  env: Record<string, string> = {},
) {
  const host = fakeProcess();
  const log = capture();
  const stderr: string[] = [];
  const running = runService(
    { name: "svc", readConfig: () => config(env), ...definition },
    {
      process: host,
      logDestination: log.destination,
      stderr: { write: (text: string) => stderr.push(text) },
    },
  );
  return { host, log, stderr, running };
}

describe("runService", () => {
  it("on a configuration error writes one line naming the variable and exits 1 before starting", async () => {
    let started = false;
    const { host, stderr, running } = await run(
      {
        start: async () => {
          started = true;
          return {};
        },
      },
      { PORT: "eighty" },
    );
    await running;
    expect(host.exits).toEqual([1]);
    expect(stderr).toEqual(["svc: invalid configuration: PORT must be a number\n"]);
    expect(started).toBe(false);
  });

  it("logs one started line with the URLs, and on SIGTERM closes last-opened first and exits 0", async () => {
    const closed: string[] = [];
    const { host, log, running } = await run({
      start: async ({ onStop }) => {
        onStop("redis", () => closed.push("redis"));
        onStop("http", async () => {
          await sleep(10);
          closed.push("http");
        });
        return { urls: { http: "http://127.0.0.1:9999" }, details: { queues: 2 } };
      },
    });
    await running;
    expect(log.lines.filter((line) => line.msg === "svc started")).toEqual([
      expect.objectContaining({ service: "svc", urls: { http: "http://127.0.0.1:9999" }, queues: 2 }),
    ]);
    host.emit("SIGTERM", "SIGTERM");
    host.emit("SIGTERM", "SIGTERM"); // a second signal changes nothing
    expect(await host.exitedOnce).toBe(0);
    expect(closed).toEqual(["http", "redis"]);
    expect(host.exits).toEqual([0]);
    expect(log.messages()).toEqual(["svc started", "svc stopping", "svc stopped"]);
  });

  it("logs a failed start with the error's stack and cause, closes what was opened, and exits 1", async () => {
    const closed: string[] = [];
    const { host, log, running } = await run({
      start: async ({ onStop }) => {
        onStop("redis", () => closed.push("redis"));
        throw new Error("could not list queues", { cause: new Error("401 bad credentials") });
      },
    });
    await running;
    expect(host.exits).toEqual([1]);
    expect(closed).toEqual(["redis"]);
    const fatal = log.lines.find((line) => line.msg === "svc failed to start");
    expect(fatal).toMatchObject({
      level: 60,
      err: {
        type: "Error",
        message: "could not list queues",
        stack: expect.stringContaining("could not list queues"),
        cause: { type: "Error", message: "401 bad credentials", stack: expect.any(String) },
      },
    });
  });

  it("exits 1 when a step fails, and when shutdown takes longer than the timeout", async () => {
    const failing = await run({
      start: async ({ onStop }) => {
        onStop("queues", () => Promise.reject(new Error("queue close failed")));
        onStop("http", () => undefined);
        return {};
      },
    });
    await failing.running;
    failing.host.emit("SIGINT", "SIGINT");
    expect(await failing.host.exitedOnce).toBe(1);
    expect(failing.log.lines).toContainEqual(
      expect.objectContaining({
        msg: "shutdown step failed",
        step: "queues",
        err: expect.objectContaining({ message: "queue close failed" }),
      }),
    );

    const hanging = await run({
      shutdownTimeoutMs: 50,
      start: async ({ onStop }) => {
        onStop("worker", () => new Promise(() => {}));
        return {};
      },
    });
    await hanging.running;
    hanging.host.emit("SIGTERM", "SIGTERM");
    expect(await hanging.host.exitedOnce).toBe(1);
    expect(hanging.log.messages()).toContain("svc did not stop within 50 ms; exiting");
  });

  it("a stop during start-up aborts the start's signal, waits for it, closes what it opened, and exits 0", async () => {
    const closed: string[] = [];
    const { host, log, running } = await run({
      start: async ({ onStop, signal }) => {
        onStop("redis", () => closed.push("redis"));
        await new Promise((_resolve, reject) =>
          signal.addEventListener("abort", () => reject(new Error("aborted"))),
        );
        return {};
      },
    });
    await sleep(10);
    host.emit("SIGTERM", "SIGTERM");
    await running;
    expect(await host.exitedOnce).toBe(0);
    expect(closed).toEqual(["redis"]);
    expect(log.messages()).not.toContain("svc failed to start");
    expect(log.messages()).not.toContain("svc started");
  });

  it("an uncaught exception or unhandled rejection is logged with its stack, then the same shutdown, exit 1", async () => {
    const { host, log, running } = await run({ start: async () => ({}) });
    await running;
    host.emit("unhandledRejection", "a string, not an Error");
    expect(await host.exitedOnce).toBe(1);
    expect(log.lines.find((line) => line.msg === "unhandled promise rejection")).toMatchObject({
      err: { message: "a string, not an Error", stack: expect.any(String) },
    });
  });
});

describe("coerceError", () => {
  it("keeps Errors (and their cause) and wraps anything else with the original as its cause", () => {
    const original = new EnvError("PORT", "must be a number");
    expect(coerceError(original)).toBe(original);
    expect(coerceError("boom")).toMatchObject({ message: "boom", cause: "boom" });
    expect(coerceError({ message: "plain object" })).toMatchObject({ message: "plain object" });
    expect(coerceError(42).message).toBe("non-error thrown: 42");
  });
});

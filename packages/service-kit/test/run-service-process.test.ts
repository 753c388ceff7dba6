import { join } from "node:path";
import { sourceEntryArgs, spawnService } from "@routing/test-utils";
import { describe, expect, it } from "vitest";

// runService in a real process: real signals, real exit codes, stdout and stderr as an operator sees them.
const root = join(import.meta.dirname, "..", "..", "..");
const fixture = join(import.meta.dirname, "fixtures", "fixture-service.ts");

const start = (env: Record<string, string> = {}) =>
  spawnService(process.execPath, sourceEntryArgs(fixture), {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: "info", NODE_ENV: "development", ...env },
  });

describe.concurrent("runService in a real process", () => {
  it("a bad variable: one stderr line naming it, exit 1, nothing started", async () => {
    const service = start({ FIXTURE_PORT: "http" });
    expect(await service.exited()).toEqual({ code: 1, signal: null });
    expect(service.stderr()).toBe(
      "fixture: invalid configuration: FIXTURE_PORT must be an integer from 0 to 65535\n",
    );
    expect(service.lines()).toEqual([]);
  });

  it("SIGTERM: ordered shutdown (last opened first), exit 0", async () => {
    const service = start();
    const started = await service.waitForLine((line) => line.msg === "fixture started", "the started line");
    const url = (started.urls as { http: string }).http;
    expect(await (await fetch(url)).text()).toBe("ok");
    expect(await service.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    expect(service.lines().map((line) => line.msg)).toEqual([
      "fixture started",
      "fixture stopping",
      "closing http server",
      "closing first opened",
      "fixture stopped",
    ]);
  });

  it("a failed start: logged with stack and cause, what was opened is closed, exit 1", async () => {
    const service = start({ FIXTURE_FAIL: "start" });
    expect(await service.exited()).toEqual({ code: 1, signal: null });
    const fatal = service.lines().find((line) => line.msg === "fixture failed to start");
    expect(fatal).toMatchObject({
      level: 60,
      err: {
        message: "could not subscribe",
        stack: expect.stringContaining("fixture-service.ts"),
        cause: { message: "connect ECONNREFUSED 127.0.0.1:1" },
      },
    });
    expect(service.lines().map((line) => line.msg)).toContain("closing first opened");
  });

  it("a shutdown that hangs is cut at the timeout, exit 1", async () => {
    const service = start({ FIXTURE_SLOW_STOP: "yes" });
    await service.waitForLine((line) => line.msg === "fixture started", "the started line");
    expect(await service.stop("SIGINT")).toEqual({ code: 1, signal: null });
    expect(service.lines().map((line) => line.msg)).toContain("fixture did not stop within 2000 ms; exiting");
  });
});

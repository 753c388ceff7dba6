import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import pino from "pino";
import { describe, expect, it, vi } from "vitest";
import { openCatalogQueues } from "../src/queues/catalog-queues.js";
import { createQueueErrorLog } from "../src/queues/queue-error-log.js";

describe("the dashboard's queues while Redis is away", () => {
  it("log one line for the outage instead of a stack per reconnect attempt", async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const printed = vi.spyOn(console, "error").mockImplementation(() => {});
    // Nothing listens on this port (the faults helper's range): every connect fails at once.
    const connection = new Redis({
      port: 46_098,
      maxRetriesPerRequest: null,
      lazyConnect: false,
      retryStrategy: () => 20,
    });
    connection.on("error", () => {});
    const queues = openCatalogQueues(connection, "queue-errors-test", createQueueErrorLog(logger));
    try {
      await sleep(1_500);
      expect(
        lines.filter((line) => line.msg === "queue cannot reach Redis; BullMQ keeps retrying"),
      ).toHaveLength(1);
      expect(printed).not.toHaveBeenCalled();
    } finally {
      connection.disconnect();
      await Promise.race([queues.close(), sleep(3_000)]);
      printed.mockRestore();
    }
  });

  it("logs again after the interval, counting what it did not log", () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    let now = 0;
    const log = createQueueErrorLog(logger, { intervalMs: 30_000, now: () => now });
    for (; now < 17_000; now += 40) log.report("routing-decisions", new Error("ECONNREFUSED"));
    expect(lines).toHaveLength(1);
    now = 31_000;
    log.report("routing-maintenance", new Error("ECONNREFUSED"));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ queue: "routing-maintenance", notLoggedSinceLastLine: 424 });
  });
});

import { assessStaleness, decodeMeta, type QueueMeta, type QueueStatus } from "@routing/roster";
import { describe, expect, it } from "vitest";
import { isReconcileDue, reconcileIntervalMs } from "../src/roster/reconcile-schedule.js";

const SCHEDULE = {
  reconcileIntervalMs: 60_000,
  reconcileMaxIntervalMs: 600_000,
  maxConfirmedAgeMs: 1_800_000,
};
const NOW = 1_800_000_000_000;

function status(fields: Partial<QueueMeta>): QueueStatus {
  // An empty meta hash, then the fields the case sets.
  const meta: QueueMeta = { ...decodeMeta([]), ...fields };
  return { queueId: "q", version: 1, meta, ...assessStaleness(meta, NOW, SCHEDULE.maxConfirmedAgeMs) };
}

describe("reconcileIntervalMs", () => {
  it.each([
    [0, 60_000],
    [1, 120_000],
    [2, 240_000],
    [3, 480_000],
    [4, 600_000],
    [1_000, 600_000],
    [-3, 60_000],
  ])("after %i clean runs: %i ms", (clean, interval) => {
    expect(reconcileIntervalMs(clean, SCHEDULE)).toBe(interval);
  });

  it("never lets a queue reach the roster's max age: at most half of it", () => {
    expect(reconcileIntervalMs(10, { ...SCHEDULE, maxConfirmedAgeMs: 600_000 })).toBe(300_000);
  });

  it("never goes below the base interval, whatever the caps", () => {
    expect(reconcileIntervalMs(10, { ...SCHEDULE, maxConfirmedAgeMs: 60_000 })).toBe(60_000);
  });
});

describe("isReconcileDue", () => {
  const ago = (ms: number) => NOW - ms;
  it.each([
    ["never read", {}, true],
    ["read 59 s ago, no clean run yet", { confirmedAtMs: ago(59_000) }, false],
    ["read 60 s ago, no clean run yet", { confirmedAtMs: ago(60_000) }, true],
    ["read 100 s ago after one clean run", { confirmedAtMs: ago(100_000), cleanReconciliations: 1 }, false],
    ["read 120 s ago after one clean run", { confirmedAtMs: ago(120_000), cleanReconciliations: 1 }, true],
    [
      "read just now but marked stale by a gap since",
      { confirmedAtMs: ago(1_000), staleUntilMs: NOW, staleReason: "socket-gap" as const },
      true,
    ],
  ])("%s", (_case, fields, due) => {
    expect(isReconcileDue(status(fields), NOW, SCHEDULE)).toBe(due);
  });
});

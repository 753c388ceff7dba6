import { describe, expect, it } from "vitest";
import type { WindowFigures } from "../src/measure.js";
import { checksOf, passed, renderReport, type ScenarioResult } from "../src/report.js";

const figures: WindowFigures = {
  conversations: 10,
  offers: 9,
  jobsMade: 20,
  recoveries: 1,
  decisions: 18,
  goneOrTooLate: 1,
  accountedByRecovery: 0,
  missed: [],
  writes: 12,
  writesPerConversationMax: 2,
  writesPerConversationMean: 1.2,
  resent: 0,
  doubleWrites: [],
  unfinished: 0,
};

const result = (overrides: Partial<ScenarioResult> = {}): ScenarioResult => ({
  name: "kill-worker",
  fault: "kill -9 a worker mid-decision",
  dependsOn: undefined,
  durationMs: 45_000,
  figures,
  failed: 2,
  replayedOk: 2,
  notReplayable: [],
  crashes: [],
  peakRssMb: { "ingester-1": 210, "worker-1": 190, dashboard: 220 },
  stackLines: 0,
  notes: ["re-run after 6.3 s"],
  checks: [{ name: "in-flight jobs re-run within 10 s", ok: true, detail: "6.3 s" }],
  ...overrides,
});

describe("pass or fail", () => {
  it("passes only when every common criterion and the scenario's own hold", () => {
    expect(passed(result(), 512)).toBe(true);
    expect(passed(result({ figures: { ...figures, missed: ["conversation c1"] } }), 512)).toBe(false);
    expect(passed(result({ figures: { ...figures, doubleWrites: ["c2"] } }), 512)).toBe(false);
    expect(passed(result({ crashes: ["worker-2 exited (1)"] }), 512)).toBe(false);
    expect(passed(result({ notReplayable: ["conversation.score x: failed again"] }), 512)).toBe(false);
    expect(passed(result({ peakRssMb: { "ingester-1": 700 } }), 512)).toBe(false);
    expect(passed(result({ figures: { ...figures, unfinished: 3 } }), 512)).toBe(false);
    expect(passed(result({ checks: [{ name: "own", ok: false, detail: "no" }] }), 512)).toBe(false);
    expect(passed(result({ error: "could not start" }), 512)).toBe(false);
  });

  it("names the failing criterion with its detail", () => {
    const failing = checksOf(result({ crashes: ["worker-2 exited (1)"] }), 512).filter((check) => !check.ok);
    expect(failing).toEqual([{ name: "no crash", ok: false, detail: "worker-2 exited (1)" }]);
  });
});

describe("docs/reliability.md", () => {
  it("has one row per scenario with its figures and result", () => {
    const text = renderReport({
      mode: "quick",
      startedAt: new Date("2026-12-01T10:00:00Z"),
      durationMs: 170_000,
      commit: "abc1234",
      rssLimitMb: 512,
      results: [result(), result({ name: "fuzz", crashes: ["ingester-1 exited (1)"] })],
      logDir: "/tmp/faults-chaos-x/logs",
    });
    const rows = text.split("\n").filter((line) => line.startsWith("| `"));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain(
      "| 10 + 9 | 20 | 18 | 1 | 0 | 0 | 12 | 2 (1.20) | 0 | 0 | 2 / 2 | 0 | 210 / 190 / 220 | pass |",
    );
    expect(rows[1]).toContain("**FAIL**");
    expect(text).toContain("1 of 2 scenarios pass");
  });
});

import { describe, expect, it } from "vitest";
import { PolicyConfigError } from "../errors.js";
import { DEFAULT_FAIRNESS_TERM } from "../scoring/fairness-term.js";
import { simulate } from "./simulate.js";
import {
  planSimulationRuns,
  type SimulationComparisonSummary,
  type SimulationSummary,
  scoringForRun,
  simulationRunLabel,
  summariseSimulation,
  summariseSimulationRuns,
} from "./simulation-summary.js";
import { generateSyntheticDataset } from "./synthetic-dataset.js";
import type { SimulationReport } from "./types.js";

const dataset = generateSyntheticDataset({ interactions: 2000, agents: 25, seed: 5 });

function run(plan: ReturnType<typeof planSimulationRuns>): SimulationReport[] {
  return plan.runs.map((entry) =>
    simulate(dataset.interactions(), dataset.agents, { policy: entry.policy, scoring: scoringForRun(entry) }),
  );
}

function decimals(value: number): number {
  const text = String(value);
  return text.includes(".") ? (text.split(".")[1]?.length ?? 0) : 0;
}

describe("planSimulationRuns", () => {
  it("one policy: one run, with the term only when asked for", () => {
    expect(planSimulationRuns({ policy: "longest-idle" })).toEqual({
      compare: false,
      runs: [{ policy: "longest-idle" }],
    });
    expect(planSimulationRuns({ policy: "weighted", fairness: { weight: 0.3 } }).runs).toEqual([
      { policy: "weighted", fairness: { ...DEFAULT_FAIRNESS_TERM, weight: 0.3 } },
    ]);
  });

  it("compare: every policy with the term off, then weighted with it on", () => {
    const plan = planSimulationRuns({ compare: true });
    expect(plan.runs.map(simulationRunLabel)).toEqual([
      "weighted",
      "longest-idle",
      "best-available-skills",
      "weighted + fairness (idle-time 0.2)",
    ]);
  });

  it("refuses a missing policy, or the term on another policy, naming the field", () => {
    expect(() => planSimulationRuns({})).toThrow(expect.objectContaining({ field: "policy" }));
    expect(() => planSimulationRuns({ policy: "longest-idle", fairness: {} })).toThrow(
      expect.objectContaining({ field: "fairness" }),
    );
    expect(() => planSimulationRuns({ compare: true, fairness: { weight: 3 } })).toThrow(PolicyConfigError);
  });
});

describe("summariseSimulation", () => {
  it("has the documented keys and rounds: fractions 4 decimals, seconds 2, chi-square 2, p-value 4 significant", () => {
    const report = simulate(dataset.interactions(), dataset.agents, { policy: "weighted" });
    const summary = summariseSimulation(report);
    expect(Object.keys(summary)).toEqual([
      "policy",
      "fairnessTerm",
      "interactions",
      "answered",
      "abandoned",
      "unserved",
      "delayed",
      "answeredWithinTarget",
      "targetSeconds",
      "serviceLevel",
      "asaSeconds",
      "abandonRate",
      "occupancy",
      "simulatedSeconds",
      "perAgent",
      "fairness",
    ]);
    expect(summary.fairnessTerm).toBeNull();
    expect(summary.serviceLevel).toBe(Math.round(report.serviceLevel * 1e4) / 1e4);
    for (const fraction of [
      summary.serviceLevel,
      summary.abandonRate,
      summary.occupancy,
      summary.fairness.gini,
    ]) {
      expect(decimals(fraction)).toBeLessThanOrEqual(4);
    }
    for (const seconds of [
      summary.asaSeconds,
      summary.simulatedSeconds,
      ...summary.perAgent.map((a) => a.busySeconds),
    ]) {
      expect(decimals(seconds)).toBeLessThanOrEqual(2);
    }
    expect(decimals(summary.fairness.chi2)).toBeLessThanOrEqual(2);
    expect(summary.fairness.pValue).toBe(Number(report.fairness.pValue.toPrecision(4)));
    expect(summary.perAgent).toHaveLength(25);
    expect(summary.perAgent[0]).toEqual({
      id: report.perAgent[0]?.id,
      handled: report.perAgent[0]?.handled,
      busySeconds: Math.round((report.perAgent[0]?.busySeconds ?? 0) * 100) / 100,
      occupancy: Math.round((report.perAgent[0]?.occupancy ?? 0) * 1e4) / 1e4,
    });
  });
});

describe("summariseSimulationRuns", () => {
  it("one run: its summary", () => {
    const plan = planSimulationRuns({ policy: "weighted", fairness: {} });
    const summary = summariseSimulationRuns(plan, run(plan)) as SimulationSummary;
    expect(summary.policy).toBe("weighted");
    expect(summary.fairnessTerm).toEqual(DEFAULT_FAIRNESS_TERM);
  });

  it("compare: the three policies, and the Gini of weighted with the term off and on", () => {
    const plan = planSimulationRuns({ compare: true });
    const reports = run(plan);
    const summary = summariseSimulationRuns(plan, reports) as SimulationComparisonSummary;
    expect(summary.policies.map((entry) => [entry.policy, entry.fairnessTerm])).toEqual([
      ["weighted", null],
      ["longest-idle", null],
      ["best-available-skills", null],
    ]);
    expect(summary.fairnessTerm).toEqual({
      policy: "weighted",
      settings: DEFAULT_FAIRNESS_TERM,
      giniOff: summary.policies[0]?.fairness.gini,
      giniOn: summariseSimulation(reports[3] as SimulationReport).fairness.gini,
      report: summariseSimulation(reports[3] as SimulationReport),
    });
  });

  it("refuses reports that do not match the plan", () => {
    expect(() => summariseSimulationRuns(planSimulationRuns({ compare: true }), [])).toThrow(RangeError);
  });
});

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { PolicyConfigError } from "../errors.js";
import type { AgentProfile } from "../model.js";
import { DEFAULT_SCORING_OPTIONS } from "../scoring/score-agent.js";
import { createSeededRandom } from "./seeded-random.js";
import { simulate } from "./simulate.js";
import { generateSyntheticDataset } from "./synthetic-dataset.js";
import { ROUTING_POLICY_NAMES, type SimulatedInteraction } from "./types.js";

/**
 * A roster skewed on purpose: five proficiency tiers (1–5 on the one skill), so the weighted policy
 * keeps giving work to the top tier whenever one of it is idle, and the lower tiers wait.
 */
const SKEWED_ROSTER: AgentProfile[] = Array.from({ length: 20 }, (_, index) => ({
  id: `agent-${String(index).padStart(2, "0")}`,
  skills: { billing: 1 + (index % 5) },
  languages: ["en"],
  csat: 0.5 + (index % 7) / 20,
}));

/** Seeded Poisson arrivals at `occupancy` of the roster, exponential handle times with mean 300 s. */
function* skewedTraffic(count: number, occupancy: number): Generator<SimulatedInteraction> {
  const random = createSeededRandom(3);
  const meanGapSeconds = 300 / (occupancy * SKEWED_ROSTER.length);
  let clock = 0;
  for (let index = 0; index < count; index++) {
    clock += random.exponential(meanGapSeconds);
    yield {
      id: `c-${index}`,
      arrivalSeconds: clock,
      requiredSkill: "billing",
      requiredLanguage: "en",
      handleSeconds: random.exponential(300),
    };
  }
}

const withTerm = (signal: "idle-time" | "occupancy", weight = 0.2) => ({
  ...DEFAULT_SCORING_OPTIONS,
  fairness: { signal, weight, idleSaturationMs: 600_000 },
});

describe("the simulator with the fairness term", () => {
  it("idle time spreads the load of a skewed roster: the Gini of handled interactions drops (seeded)", () => {
    for (const occupancy of [0.3, 0.5]) {
      const off = simulate(skewedTraffic(5000, occupancy), SKEWED_ROSTER, { policy: "weighted" });
      const on = simulate(skewedTraffic(5000, occupancy), SKEWED_ROSTER, {
        policy: "weighted",
        scoring: withTerm("idle-time"),
      });
      expect(on.interactions).toBe(off.interactions);
      // Measured: 0.567 -> 0.413 at 30 % occupancy, 0.342 -> 0.249 at 50 %.
      expect(on.fairness.gini).toBeLessThan(off.fairness.gini - 0.05);
      expect(on.fairnessTerm).toEqual({ signal: "idle-time", weight: 0.2, idleSaturationMs: 600_000 });
      expect(off.fairnessTerm).toBeUndefined();
    }
  });

  it("a larger weight spreads it further, and the occupancy signal moves it the same way", () => {
    const gini = (scoring?: ReturnType<typeof withTerm>) =>
      simulate(skewedTraffic(5000, 0.3), SKEWED_ROSTER, {
        policy: "weighted",
        ...(scoring === undefined ? {} : { scoring }),
      }).fairness.gini;
    const off = gini();
    expect(gini(withTerm("idle-time", 0.5))).toBeLessThan(gini(withTerm("idle-time", 0.2)));
    expect(gini(withTerm("occupancy", 0.5))).toBeLessThan(off);
  });

  it("is deterministic", () => {
    const run = () =>
      simulate(skewedTraffic(3000, 0.5), SKEWED_ROSTER, {
        policy: "weighted",
        scoring: withTerm("idle-time"),
      });
    expect(run()).toEqual(run());
  });

  it("belongs to the weighted policy only", () => {
    for (const policy of ["longest-idle", "best-available-skills"] as const) {
      const run = () => simulate([], SKEWED_ROSTER, { policy, scoring: withTerm("idle-time") });
      expect(run).toThrow(PolicyConfigError);
      expect(run).toThrow(expect.objectContaining({ field: "scoring.fairness" }));
    }
    expect(() =>
      simulate([], SKEWED_ROSTER, {
        policy: "weighted",
        scoring: {
          ...DEFAULT_SCORING_OPTIONS,
          fairness: { signal: "idle-time", weight: 2, idleSaturationMs: 1 },
        },
      }),
    ).toThrow(expect.objectContaining({ field: "scoring.fairness.weight" }));
  });

  it("with the term off, every report is bit-identical to the simulator before the term existed", () => {
    // SHA-256 of JSON.stringify(report) computed with the simulator as it was before the fairness term
    // was added (commit 9caf7fc), on this exact seeded dataset.
    const before: Record<string, string> = {
      weighted: "832fc2867f33145e849bd7be2ad8464580ed26089d06b70c061a18f3f619aceb",
      "longest-idle": "594dc7e2b1545b56eb66b7d00e6dd09fbfd92eaaa46cd39c27e52ed4dc50df02",
      "best-available-skills": "034101ece96fec99ad885dbf29d21996280e66806fb43d9ac338c2667f9048a1",
    };
    const dataset = generateSyntheticDataset({
      interactions: 20_000,
      agents: 60,
      seed: 7,
      targetOccupancy: 0.92,
      meanPatienceSeconds: 90,
    });
    for (const policy of ROUTING_POLICY_NAMES) {
      const report = simulate(dataset.interactions(), dataset.agents, { policy });
      expect(createHash("sha256").update(JSON.stringify(report)).digest("hex"), policy).toBe(before[policy]);
    }
  });
});

import { describe, expect, it } from "vitest";
import type { AgentProfile } from "../model.js";
import { erlangC } from "../stats/erlang-c.js";
import { createSeededRandom } from "./seeded-random.js";
import { simulate } from "./simulate.js";
import type { SimulatedInteraction } from "./types.js";

// The design-notes reference: 100 contacts per 30 minutes, AHT 180 s, 14 agents, 20 s target.
const ARRIVAL_RATE = 100 / 1800;
const AHT_SECONDS = 180;
const AGENTS = 14;
const TARGET_SECONDS = 20;

function* poissonTraffic(seed: number, count: number): Generator<SimulatedInteraction> {
  const random = createSeededRandom(seed);
  let clock = 0;
  for (let index = 0; index < count; index++) {
    clock += random.exponential(1 / ARRIVAL_RATE);
    yield {
      id: String(index),
      arrivalSeconds: clock,
      requiredSkill: "general",
      handleSeconds: random.exponential(AHT_SECONDS),
    };
  }
}

function meanAndStandardError(samples: readonly number[]): { mean: number; standardError: number } {
  const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
  const variance = samples.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (samples.length - 1);
  return { mean, standardError: Math.sqrt(variance / samples.length) };
}

describe("simulator vs Erlang C (M/M/14, longest-idle, no abandonment)", () => {
  it("lands within 4 standard errors of Erlang C's P(wait), ASA and service level", () => {
    // Queue waits are strongly autocorrelated, so one long run's naive binomial error is far too
    // optimistic. Independent replications (different seeds) give an honest standard error of the mean;
    // 4 of them bounds a false alarm at ~1e-4 per figure. Each replication of 20,000 contacts (~100 h of
    // traffic) makes the empty-system start a negligible bias (the queue relaxes within minutes).
    const agents: AgentProfile[] = Array.from({ length: AGENTS }, (_, index) => ({
      id: `agent-${index}`,
      skills: { general: 3 },
      languages: [],
    }));
    const replications = 20;
    const perReplication = 20_000;
    const pWait: number[] = [];
    const asa: number[] = [];
    const serviceLevel: number[] = [];
    for (let replication = 0; replication < replications; replication++) {
      const report = simulate(poissonTraffic(1000 + replication, perReplication), agents, {
        policy: "longest-idle",
        targetSeconds: TARGET_SECONDS,
      });
      expect(report.answered).toBe(perReplication);
      pWait.push(report.delayed / report.interactions);
      asa.push(report.asaSeconds);
      serviceLevel.push(report.serviceLevel);
    }
    const theory = erlangC({
      arrivalRatePerSecond: ARRIVAL_RATE,
      ahtSeconds: AHT_SECONDS,
      agents: AGENTS,
      targetSeconds: TARGET_SECONDS,
    });
    for (const [samples, expected] of [
      [pWait, theory.pWait],
      [asa, theory.asaSeconds],
      [serviceLevel, theory.serviceLevel],
    ] as const) {
      const { mean, standardError } = meanAndStandardError(samples);
      // The check only means something if the estimate is tight: under 5 % of the value itself.
      expect(standardError).toBeLessThan(0.05 * expected);
      expect(Math.abs(mean - expected)).toBeLessThan(4 * standardError);
    }
  });
});

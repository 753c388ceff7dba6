import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AgentRosterError } from "../input/agents-json.js";
import { InputError } from "../input/input-error.js";
import type { AgentProfile } from "../model.js";
import { DEFAULT_SCORING_OPTIONS, scoreAgent } from "../scoring/score-agent.js";
import { simulate, simulateStream } from "./simulate.js";
import { generateSyntheticDataset } from "./synthetic-dataset.js";
import {
  ROUTING_POLICY_NAMES,
  type RoutingPolicyName,
  type SimulatedInteraction,
  type SimulationProgress,
  type SimulationReport,
} from "./types.js";

function agent(
  id: string,
  skills: Record<string, number>,
  languages: string[] = ["en"],
  csat?: number,
): AgentProfile {
  return csat === undefined ? { id, skills, languages } : { id, skills, languages, csat };
}

function call(
  id: string,
  arrivalSeconds: number,
  handleSeconds: number,
  extra: Partial<SimulatedInteraction> = {},
): SimulatedInteraction {
  return { id, arrivalSeconds, handleSeconds, requiredSkill: "s", ...extra };
}

function byAgent(report: SimulationReport): Record<string, { handled: number; busySeconds: number }> {
  return Object.fromEntries(
    report.perAgent.map((load) => [load.id, { handled: load.handled, busySeconds: load.busySeconds }]),
  );
}

describe("RoutingSimulation: policies", () => {
  it("longest-idle gives each arrival to the eligible agent idle the longest (roster order at the start)", () => {
    const agents = [agent("A", { s: 1 }), agent("B", { s: 5 }), agent("C", { s: 3 })];
    const report = simulate(
      [call("1", 0, 5), call("2", 0, 3), call("3", 10, 100), call("4", 10, 200), call("5", 10, 400)],
      agents,
      { policy: "longest-idle" },
    );
    // A and B were busy at the start; C has been idle since 0, B since 3, A since 5.
    expect(byAgent(report)).toEqual({
      A: { handled: 2, busySeconds: 405 },
      B: { handled: 2, busySeconds: 203 },
      C: { handled: 1, busySeconds: 100 },
    });
  });

  it("best-available-skills takes the most proficient idle agent, ties to the longest idle", () => {
    const agents = [agent("p3", { s: 3 }), agent("p5", { s: 5 }), agent("p5b", { s: 5 })];
    const interactions = [call("1", 0, 100), call("2", 1, 200), call("3", 2, 400)];
    expect(byAgent(simulate(interactions, agents, { policy: "best-available-skills" }))).toEqual({
      p3: { handled: 1, busySeconds: 400 },
      p5: { handled: 1, busySeconds: 100 },
      p5b: { handled: 1, busySeconds: 200 },
    });
    expect(byAgent(simulate(interactions, agents, { policy: "longest-idle" }))).toEqual({
      p3: { handled: 1, busySeconds: 100 },
      p5: { handled: 1, busySeconds: 200 },
      p5b: { handled: 1, busySeconds: 400 },
    });
  });

  it("weighted takes the highest score even over an agent idle longer, and falls back when it is busy", () => {
    const agents = [agent("low", { s: 3 }, ["en"], 0.5), agent("high", { s: 5 }, ["en"], 0.9)];
    const report = simulate([call("1", 0, 100), call("2", 1, 200)], agents, { policy: "weighted" });
    expect(byAgent(report)).toEqual({
      low: { handled: 1, busySeconds: 200 },
      high: { handled: 1, busySeconds: 100 },
    });
  });

  it("decides eligibility per policy: skill and language for standard routing, the score for weighted", () => {
    // No skill "s", but the language and a high CSAT: 0.3 + 0.3 × 0.9 = 0.57 >= the 0.5 minimum score.
    const generalist = agent("generalist", {}, ["en"], 0.9);
    const wrongLanguage = agent("wrong-language", { s: 5 }, ["fr"], 0.1);
    const interactions = [call("1", 0, 10, { requiredLanguage: "en" })];
    for (const policy of ["longest-idle", "best-available-skills"] as const) {
      const report = simulate(interactions, [wrongLanguage, generalist], { policy });
      expect(report.unserved).toBe(1);
      expect(report.answered).toBe(0);
    }
    const weighted = simulate(interactions, [wrongLanguage, generalist], { policy: "weighted" });
    expect(scoreAgent(wrongLanguage, { requiredSkills: ["s"], requiredLanguage: "en" })).toBe(0);
    expect(byAgent(weighted).generalist?.handled).toBe(1);
  });
});

describe("RoutingSimulation: queueing and abandonment", () => {
  it("a freed agent takes the longest-waiting interaction it is eligible for, FIFO by arrival", () => {
    const agents = [agent("A", { s1: 3, s2: 3 }), agent("B", { s2: 3 })];
    const report = simulate(
      [
        call("1", 0, 10, { requiredSkill: "s1" }),
        call("2", 0, 10, { requiredSkill: "s2" }),
        call("3", 1, 1, { requiredSkill: "s2" }),
        call("4", 2, 1, { requiredSkill: "s1" }),
      ],
      agents,
      { policy: "longest-idle" },
    );
    // At 10 A frees first and takes 3 (waiting since 1, before 4); B frees, is not eligible for 4 and
    // goes idle; A takes 4 at 11.
    expect(report).toMatchObject({ answered: 4, delayed: 2, asaSeconds: (9 + 9) / 4, endSeconds: 12 });
    expect(byAgent(report)).toEqual({
      A: { handled: 3, busySeconds: 12 },
      B: { handled: 1, busySeconds: 10 },
    });
  });

  it("abandons after patience, and answers an interaction reached exactly at its patience", () => {
    const report = simulate(
      [
        call("busy", 0, 10),
        call("gives-up", 1, 50, { patienceSeconds: 5 }),
        call("just-in-time", 2, 1, { patienceSeconds: 8 }),
        call("patient", 3, 1),
      ],
      [agent("A", { s: 1 })],
      { policy: "longest-idle", targetSeconds: 5 },
    );
    expect(report).toMatchObject({
      interactions: 4,
      answered: 3,
      abandoned: 1,
      unserved: 0,
      delayed: 3,
      answeredWithinTarget: 1,
      endSeconds: 12,
    });
    expect(report.asaSeconds).toBeCloseTo((0 + 8 + 8) / 3, 12);
    expect(report.serviceLevel).toBe(1 / 4);
    expect(report.abandonRate).toBe(1 / 4);
  });

  it("interactions nobody can serve abandon at their patience, or are counted unserved without one", () => {
    const report = simulate(
      [
        call("1", 0, 10),
        call("2", 1, 5, { requiredSkill: "nobody" }),
        call("3", 2, 5, { requiredSkill: "nobody", patienceSeconds: 30 }),
      ],
      [agent("A", { s: 1 })],
      { policy: "longest-idle" },
    );
    expect(report).toMatchObject({ interactions: 3, answered: 1, abandoned: 1, unserved: 1, endSeconds: 32 });
    // Offered counts everything, so unserved interactions pull the service level down.
    expect(report.serviceLevel).toBe(1 / 3);
    expect(report.occupancy).toBeCloseTo(10 / 32, 12);
  });

  it("lets an agent freed at t take an interaction arriving at t (completions before arrivals)", () => {
    const report = simulate([call("1", 0, 10), call("2", 10, 10)], [agent("A", { s: 1 })], {
      policy: "longest-idle",
    });
    expect(report).toMatchObject({ answered: 2, delayed: 0, asaSeconds: 0 });
  });
});

describe("RoutingSimulation: input checks, progress, determinism", () => {
  it("rejects out-of-order arrivals naming the source line, or the position without one", () => {
    const agents = [agent("A", { s: 1 })];
    const withLines = [call("1", 5, 1, { line: 2 }), call("2", 4, 1, { line: 3 })];
    expect(() => simulate(withLines, agents, { policy: "weighted" })).toThrow(InputError);
    expect(() => simulate(withLines, agents, { policy: "weighted" })).toThrow(
      /^line 3 \(arrival_time\): .*sorted/,
    );
    expect(() => simulate([call("1", 5, 1), call("x", 4, 1)], agents, { policy: "weighted" })).toThrow(
      /interaction #2 \(id "x"\).*sorted/,
    );
    expect(() => simulate([call("1", 0, 0)], agents, { policy: "weighted" })).toThrow(/handle time/);
  });

  it("reports progress every N interactions and once at the end, never more often", () => {
    const calls: SimulationProgress[] = [];
    const interactions = Array.from({ length: 25 }, (_, index) => call(String(index), index, 1));
    simulate(interactions, [agent("A", { s: 1 })], {
      policy: "longest-idle",
      progressEvery: 10,
      totalInteractions: 25,
      onProgress: (progress) => calls.push(progress),
    });
    expect(calls).toEqual([
      { processed: 10, total: 25 },
      { processed: 20, total: 25 },
      { processed: 25, total: 25 },
    ]);
  });

  it("is deterministic and streams to the same result", async () => {
    const dataset = generateSyntheticDataset({ interactions: 3000, agents: 30, seed: 11 });
    for (const policy of ROUTING_POLICY_NAMES) {
      const first = simulate(dataset.interactions(), dataset.agents, { policy });
      expect(simulate(dataset.interactions(), dataset.agents, { policy })).toEqual(first);
      async function* streamed(): AsyncGenerator<SimulatedInteraction> {
        yield* dataset.interactions();
      }
      expect(await simulateStream(streamed(), dataset.agents, { policy })).toEqual(first);
    }
  });

  it("refuses an empty roster, naming it", () => {
    const run = () => simulate([call("1", 0, 1)], [], { policy: "weighted" });
    expect(run).toThrow(AgentRosterError);
    expect(run).toThrow(/roster is empty/);
  });

  it("reports zeros, not NaN, for an empty dataset", () => {
    const report = simulate([], [agent("A", { s: 1 })], { policy: "weighted" });
    expect(report).toMatchObject({ interactions: 0, serviceLevel: 0, asaSeconds: 0, occupancy: 0 });
    expect(report.fairness).toEqual({ gini: 0, chi2: 0, df: 0, pValue: 1 });
  });
});

/**
 * Brute-force model of the same rules, written for clarity rather than speed: scans every agent and every
 * waiting interaction, keeps completions in a sorted array and removes abandoned callers eagerly.
 */
function referenceSimulation(
  interactions: readonly SimulatedInteraction[],
  agents: readonly AgentProfile[],
  policy: RoutingPolicyName,
  targetSeconds: number,
) {
  const rank = (profile: AgentProfile, interaction: SimulatedInteraction): number => {
    const { requiredSkill: skill, requiredLanguage: language } = interaction;
    if (policy === "weighted")
      return scoreAgent(profile, { requiredSkills: [skill], requiredLanguage: language });
    const proficiency = profile.skills[skill] ?? 0;
    if (proficiency <= 0) return 0;
    if (language !== undefined && !profile.languages.includes(language)) return 0;
    return policy === "longest-idle" ? 1 : Math.min(proficiency, 5);
  };
  const busy = agents.map(() => false);
  const idleOrder = agents.map((_, index) => index);
  let nextIdleOrder = agents.length;
  const handled = agents.map(() => 0);
  const busySeconds = agents.map(() => 0);
  const completions: { time: number; agent: number; order: number }[] = [];
  let completionOrder = 0;
  const waiting: { sequence: number; interaction: SimulatedInteraction; deadline: number }[] = [];
  const totals = { answered: 0, abandoned: 0, unserved: 0, delayed: 0, withinTarget: 0, wait: 0 };
  let end = Number.NEGATIVE_INFINITY;

  const serve = (agentIndex: number, interaction: SimulatedInteraction, now: number): void => {
    const wait = now - interaction.arrivalSeconds;
    totals.answered++;
    totals.wait += wait;
    if (wait <= targetSeconds) totals.withinTarget++;
    handled[agentIndex] = (handled[agentIndex] ?? 0) + 1;
    busySeconds[agentIndex] = (busySeconds[agentIndex] ?? 0) + interaction.handleSeconds;
    completions.push({ time: now + interaction.handleSeconds, agent: agentIndex, order: completionOrder++ });
    end = Math.max(end, now + interaction.handleSeconds);
  };
  const complete = (now: number, agentIndex: number): void => {
    for (let index = waiting.length - 1; index >= 0; index--) {
      if ((waiting[index]?.deadline ?? 0) < now) {
        waiting.splice(index, 1);
        totals.abandoned++;
      }
    }
    const profile = agents[agentIndex];
    const candidates = waiting.filter(
      (entry) => profile !== undefined && rank(profile, entry.interaction) > 0,
    );
    const oldest = candidates.sort((left, right) => left.sequence - right.sequence)[0];
    if (oldest !== undefined) {
      waiting.splice(waiting.indexOf(oldest), 1);
      serve(agentIndex, oldest.interaction, now);
    } else {
      busy[agentIndex] = false;
      idleOrder[agentIndex] = nextIdleOrder++;
    }
  };
  const runUntil = (time: number): void => {
    for (;;) {
      completions.sort((left, right) => left.time - right.time || left.order - right.order);
      const next = completions[0];
      if (next === undefined || next.time > time) return;
      completions.shift();
      complete(next.time, next.agent);
    }
  };

  interactions.forEach((interaction, sequence) => {
    runUntil(interaction.arrivalSeconds);
    end = Math.max(end, interaction.arrivalSeconds);
    const deadline =
      interaction.patienceSeconds === undefined
        ? Number.POSITIVE_INFINITY
        : interaction.arrivalSeconds + interaction.patienceSeconds;
    const ranks = agents.map((profile) => rank(profile, interaction));
    if (ranks.every((value) => value <= 0)) {
      if (deadline === Number.POSITIVE_INFINITY) totals.unserved++;
      else {
        totals.abandoned++;
        end = Math.max(end, deadline);
      }
      return;
    }
    let chosen = -1;
    ranks.forEach((value, index) => {
      if (value <= 0 || busy[index]) return;
      const best = ranks[chosen] ?? 0;
      if (
        chosen < 0 ||
        value > best ||
        (value === best && (idleOrder[index] ?? 0) < (idleOrder[chosen] ?? 0))
      ) {
        chosen = index;
      }
    });
    if (chosen >= 0) {
      busy[chosen] = true;
      serve(chosen, interaction, interaction.arrivalSeconds);
    } else {
      totals.delayed++;
      waiting.push({ sequence, interaction, deadline });
    }
  });
  runUntil(Number.POSITIVE_INFINITY);
  for (const entry of waiting) {
    if (entry.deadline === Number.POSITIVE_INFINITY) totals.unserved++;
    else {
      totals.abandoned++;
      end = Math.max(end, entry.deadline);
    }
  }
  return { ...totals, handled, busySeconds, end };
}

const skillNames = ["s1", "s2", "s3"];
const arbitraryAgents = fc.array(
  fc.record({
    skills: fc.dictionary(fc.constantFrom(...skillNames), fc.integer({ min: 0, max: 5 }), { maxKeys: 3 }),
    languages: fc.subarray(["en", "fr"]),
    csat: fc.option(fc.constantFrom(0.2, 0.5, 0.9), { nil: undefined }),
  }),
  { minLength: 1, maxLength: 6 },
);
const arbitraryInteractions = fc
  .array(
    fc.record({
      gap: fc.constantFrom(0, 0, 1, 2.5, 10),
      skill: fc.constantFrom(...skillNames),
      language: fc.option(fc.constantFrom("en", "fr"), { nil: undefined }),
      handle: fc.constantFrom(1, 3, 7.5, 20),
      patience: fc.option(fc.constantFrom(0, 2, 5, 30), { nil: undefined }),
    }),
    { maxLength: 40 },
  )
  .map((rows) => {
    let clock = 0;
    return rows.map((row, index): SimulatedInteraction => {
      clock += row.gap;
      return {
        id: `i${index}`,
        arrivalSeconds: clock,
        requiredSkill: row.skill,
        requiredLanguage: row.language,
        handleSeconds: row.handle,
        patienceSeconds: row.patience,
      };
    });
  });

describe("RoutingSimulation against a brute-force model", () => {
  it("agrees on every count, wait and per-agent load for every policy", () => {
    fc.assert(
      fc.property(
        arbitraryAgents,
        arbitraryInteractions,
        fc.constantFrom(...ROUTING_POLICY_NAMES),
        (rawAgents, interactions, policy) => {
          const agents = rawAgents.map((raw, index) =>
            raw.csat === undefined
              ? { id: `a${index}`, skills: raw.skills, languages: raw.languages }
              : { id: `a${index}`, skills: raw.skills, languages: raw.languages, csat: raw.csat },
          );
          const report = simulate(interactions, agents, {
            policy,
            targetSeconds: 5,
            scoring: DEFAULT_SCORING_OPTIONS,
          });
          const expected = referenceSimulation(interactions, agents, policy, 5);
          expect({
            answered: report.answered,
            abandoned: report.abandoned,
            unserved: report.unserved,
            delayed: report.delayed,
            withinTarget: report.answeredWithinTarget,
            handled: report.perAgent.map((load) => load.handled),
            busySeconds: report.perAgent.map((load) => load.busySeconds),
          }).toEqual({
            answered: expected.answered,
            abandoned: expected.abandoned,
            unserved: expected.unserved,
            delayed: expected.delayed,
            withinTarget: expected.withinTarget,
            handled: expected.handled,
            busySeconds: expected.busySeconds,
          });
          expect(report.asaSeconds).toBeCloseTo(
            expected.answered === 0 ? 0 : expected.wait / expected.answered,
            9,
          );
          if (interactions.length > 0) expect(report.endSeconds).toBe(expected.end);
          expect(report.answered + report.abandoned + report.unserved).toBe(interactions.length);
          expect(report.occupancy).toBeLessThanOrEqual(1 + 1e-12);
        },
      ),
      { numRuns: 400 },
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidInputError, PolicyConfigError } from "../errors.js";
import type { SkillAdjustmentOptions } from "./adjustment-options.js";
import { decideSkillAdjustment, type SkillAdjustmentInput } from "./decide-adjustment.js";
import type { AgentPerformance } from "./target-proficiency.js";

const GOOD: AgentPerformance = { conversations: 40, averageHandleTimeSeconds: 300, csat: 4.5, csatScale: 5 };

function input(
  currentProficiency: number,
  performance: Partial<AgentPerformance> = {},
): SkillAdjustmentInput {
  return {
    userId: "user-1",
    skillId: "skill-billing",
    currentProficiency,
    performance: { ...GOOD, ...performance },
  };
}

describe("decideSkillAdjustment: the tutorial's target formula", () => {
  it.each([
    // CSAT 4.5/5 = 0.9; AHT 300 s -> x1.0; 0.9 * 5 = 4.5
    [300, 4.5],
    // 400 s is not "> 400": still x1.0
    [400, 4.5],
    // > 400 s -> x0.8: 0.72 * 5 = 3.6
    [401, 3.6],
    [600, 3.6],
    // > 600 s -> x0.6: 0.54 * 5 = 2.7
    [601, 2.7],
  ])("AHT %i s gives target %d", (averageHandleTimeSeconds, target) => {
    const decision = decideSkillAdjustment(input(target - 0.3, { averageHandleTimeSeconds }));
    expect(decision).toMatchObject({ kind: "adjust", target, to: target });
  });

  it.each([
    [0.9, 1],
    [4.5, 5],
    [90, 100],
  ] as const)("reads CSAT %d on a 0–%i scale as 0.9", (csat, csatScale) => {
    expect(decideSkillAdjustment(input(4, { csat, csatScale }))).toMatchObject({
      kind: "adjust",
      target: 4.5,
    });
  });

  it("rounds the target to 2 decimals on the 0–5 scale", () => {
    // 4.3 / 5 * 0.8 * 5 = 3.44
    expect(decideSkillAdjustment(input(3.2, { csat: 4.3, averageHandleTimeSeconds: 500 }))).toMatchObject({
      target: 3.44,
      to: 3.44,
    });
    // 73.37 / 100 * 5 = 3.6685 -> 3.67
    expect(decideSkillAdjustment(input(3.4, { csat: 73.37, csatScale: 100 }))).toMatchObject({
      target: 3.67,
    });
  });

  it("uses configured tiers in order", () => {
    const options = {
      handleTimeTiers: [
        { aboveSeconds: 900, factor: 0.5 },
        { aboveSeconds: 300, factor: 0.9 },
      ],
      baseHandleTimeFactor: 1,
    };
    expect(
      decideSkillAdjustment(input(1, { averageHandleTimeSeconds: 1000 }), { ...options, maxStep: 5 }),
    ).toMatchObject({ target: 2.25 });
    expect(
      decideSkillAdjustment(input(1, { averageHandleTimeSeconds: 500 }), { ...options, maxStep: 5 }),
    ).toMatchObject({ target: 4.05 });
  });
});

describe("decideSkillAdjustment: compares with the CURRENT proficiency", () => {
  it("makes no change and raises no alert for an agent already at the target", () => {
    const decision = decideSkillAdjustment(input(4.5));
    expect(decision.kind).toBe("no-change");
    expect(decision.reason).toContain("dead band");
    // The tutorial's check, `exceeds := (targetProf - 0.0) > threshold` (0–1 scale, threshold 0.3),
    // flags this agent although nothing changes.
    const tutorialExceeds = (targetProf: number, threshold: number) => targetProf - 0.0 > threshold;
    expect(tutorialExceeds(4.5 / 5, 0.3)).toBe(true);
  });

  it("moves down as well as up", () => {
    expect(decideSkillAdjustment(input(4.8))).toMatchObject({
      kind: "adjust",
      from: 4.8,
      to: 4.5,
      clamped: false,
    });
  });
});

describe("decideSkillAdjustment: guard rails", () => {
  it("needs 20 conversations before changing anything", () => {
    expect(decideSkillAdjustment(input(1, { conversations: 19 }))).toMatchObject({
      kind: "no-change",
      reason: expect.stringContaining("19 conversations, fewer than the 20 required"),
    });
    expect(decideSkillAdjustment(input(4, { conversations: 20 })).kind).toBe("adjust");
    expect(decideSkillAdjustment(input(4, { conversations: 5 }), { minConversations: 5 }).kind).toBe(
      "adjust",
    );
  });

  it("makes no change without survey data", () => {
    expect(decideSkillAdjustment(input(1, { csat: null }))).toMatchObject({
      kind: "no-change",
      reason: expect.stringContaining("no survey responses"),
    });
  });

  it("skips gaps inside the 0.05 dead band, and writes a gap of exactly 0.05", () => {
    expect(decideSkillAdjustment(input(4.46)).kind).toBe("no-change");
    expect(decideSkillAdjustment(input(4.54)).kind).toBe("no-change");
    expect(decideSkillAdjustment(input(4.45))).toMatchObject({ kind: "adjust", to: 4.5 });
    expect(decideSkillAdjustment(input(4.46), { deadBand: 0.01 })).toMatchObject({ kind: "adjust", to: 4.5 });
  });

  it("moves at most 0.5 per cycle, flagged as clamped", () => {
    expect(decideSkillAdjustment(input(1))).toMatchObject({
      kind: "adjust",
      from: 1,
      to: 1.5,
      target: 4.5,
      clamped: true,
    });
    expect(decideSkillAdjustment(input(5, { csat: 0 }))).toMatchObject({
      from: 5,
      to: 4.5,
      target: 0,
      clamped: true,
    });
    expect(decideSkillAdjustment(input(1), { maxStep: 1.25 })).toMatchObject({ to: 2.25, clamped: true });
  });

  it("flags a wanted change above the alert threshold (1.5 by default) for a supervisor", () => {
    expect(decideSkillAdjustment(input(2.9))).toMatchObject({ alert: true, clamped: true });
    expect(decideSkillAdjustment(input(3))).toMatchObject({ alert: false, clamped: true });
    const alerting = decideSkillAdjustment(input(4), { alertThreshold: 0.4 });
    expect(alerting).toMatchObject({ alert: true, clamped: false });
    expect(alerting.reason).toContain("exceeds the alert threshold 0.4");
  });

  it("never writes more decimals than Genesys shows, rounding toward the current value", () => {
    expect(decideSkillAdjustment(input(1.333))).toMatchObject({ to: 1.83 });
    expect(decideSkillAdjustment(input(4.999, { csat: 0 }))).toMatchObject({ to: 4.5 });
  });
});

describe("decideSkillAdjustment: bad input", () => {
  it.each([
    ["a NaN CSAT", { csat: Number.NaN }, "performance.csat"],
    ["a CSAT above its scale", { csat: 6 }, "performance.csat"],
    ["an unknown CSAT scale", { csatScale: 10 as 5 }, "performance.csatScale"],
    ["negative conversations", { conversations: -1 }, "performance.conversations"],
    ["fractional conversations", { conversations: 2.5 }, "performance.conversations"],
    ["a negative AHT", { averageHandleTimeSeconds: -1 }, "performance.averageHandleTimeSeconds"],
  ])("throws InvalidInputError for %s", (_label, performance, field) => {
    const call = () => decideSkillAdjustment(input(3, performance));
    expect(call).toThrow(InvalidInputError);
    expect(call).toThrow(expect.objectContaining({ field }));
  });

  it.each([[Number.NaN], [-0.1], [5.1]])("throws InvalidInputError for current proficiency %d", (current) => {
    expect(() => decideSkillAdjustment(input(current))).toThrow(
      expect.objectContaining({ field: "currentProficiency" }),
    );
  });

  it.each([
    ["maxStep 0", { maxStep: 0 }, "maxStep"],
    ["a negative dead band", { deadBand: -0.01 }, "deadBand"],
    ["a NaN alert threshold", { alertThreshold: Number.NaN }, "alertThreshold"],
    ["fractional minConversations", { minConversations: 1.5 }, "minConversations"],
    [
      "unordered tiers",
      {
        handleTimeTiers: [
          { aboveSeconds: 400, factor: 0.8 },
          { aboveSeconds: 600, factor: 0.6 },
        ],
      },
      "handleTimeTiers[1].aboveSeconds",
    ],
    [
      "a negative factor",
      { handleTimeTiers: [{ aboveSeconds: 400, factor: -1 }] },
      "handleTimeTiers[0].factor",
    ],
  ])("throws PolicyConfigError for %s", (_label, options, field) => {
    const call = () => decideSkillAdjustment(input(3), options as Partial<SkillAdjustmentOptions>);
    expect(call).toThrow(PolicyConfigError);
    expect(call).toThrow(expect.objectContaining({ field }));
  });
});

describe("decideSkillAdjustment: invariants (property)", () => {
  it("never moves more than maxStep, never leaves [0, 5], and moves toward the target", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.record({
          conversations: fc.integer({ min: 0, max: 500 }),
          averageHandleTimeSeconds: fc.double({ min: 0, max: 2000, noNaN: true }),
          csat: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        fc.constantFrom(1 as const, 5 as const, 100 as const),
        fc.record({
          maxStep: fc.double({ min: 0.01, max: 5, noNaN: true }),
          deadBand: fc.double({ min: 0, max: 1, noNaN: true }),
          minConversations: fc.integer({ min: 0, max: 50 }),
          baseHandleTimeFactor: fc.double({ min: 0, max: 3, noNaN: true }),
        }),
        (current, performance, csatScale, options) => {
          const decision = decideSkillAdjustment(
            {
              userId: "u",
              skillId: "s",
              currentProficiency: current,
              performance: { ...performance, csat: performance.csat * csatScale, csatScale },
            },
            options,
          );
          if (decision.kind === "no-change") return;
          expect(Math.abs(decision.to - decision.from)).toBeLessThanOrEqual(options.maxStep + 1e-9);
          expect(decision.to >= 0 && decision.to <= 5).toBe(true);
          expect(decision.target >= 0 && decision.target <= 5).toBe(true);
          expect(Math.sign(decision.to - decision.from)).toBe(Math.sign(decision.target - decision.from));
          expect(Math.abs(decision.target - decision.to)).toBeLessThanOrEqual(
            Math.abs(decision.target - decision.from) + 1e-9,
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});

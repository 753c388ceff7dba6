import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidInputError, PolicyConfigError } from "../errors.js";
import type { HandoffOptionsInput } from "./handoff-options.js";
import { decideHandoffTurn, type HandoffStep, type HandoffTurn } from "./handoff-policy.js";
import { type HandoffSessionState, initialHandoffState, parseHandoffState } from "./handoff-state.js";

const OPTIONS: HandoffOptionsInput = {
  defaultTarget: { queueId: "q-general", skillIds: [] },
  perIntentTarget: { Billing: { queueId: "q-billing", skillIds: ["skill-billing"] } },
};

function run(turns: readonly HandoffTurn[], options: HandoffOptionsInput = OPTIONS): HandoffStep[] {
  const steps: HandoffStep[] = [];
  let state = initialHandoffState();
  for (const turn of turns) {
    const step = decideHandoffTurn(state, turn, options);
    steps.push(step);
    state = step.state;
  }
  return steps;
}

function decide(turn: HandoffTurn, options: HandoffOptionsInput = OPTIONS) {
  return decideHandoffTurn(initialHandoffState(), turn, options).decision;
}

describe("decideHandoffTurn: confidence threshold", () => {
  it("hands off when confidence is strictly below 0.75", () => {
    const decision = decide({ intent: "billing", confidence: 0.7499 });
    expect(decision).toMatchObject({ kind: "handoff", trigger: "below-threshold", threshold: 0.75 });
    expect(decision.reason).toMatch(/confidence 0\.7499 < threshold 0\.75/);
  });

  it("keeps the bot at exactly 0.75", () => {
    expect(decide({ intent: "billing", confidence: 0.75 })).toMatchObject({
      kind: "continue-bot",
      confidence: 0.75,
    });
  });

  it("uses a per-intent threshold, case-insensitively", () => {
    const options = { ...OPTIONS, perIntentThreshold: { Refund: 0.9 } };
    expect(decide({ intent: "REFUND", confidence: 0.85 }, options)).toMatchObject({
      kind: "handoff",
      threshold: 0.9,
    });
    expect(decide({ intent: "billing", confidence: 0.85 }, options)).toMatchObject({
      kind: "continue-bot",
      threshold: 0.75,
    });
  });
});

describe("decideHandoffTurn: escalation intents", () => {
  it.each(["agent", "Human", " REPRESENTATIVE ", "speak_to_agent"])(
    "always hands off on %j, even at confidence 1",
    (intent) => {
      const decision = decide({ intent, confidence: 1 });
      expect(decision).toMatchObject({ kind: "handoff", trigger: "escalation-intent" });
      expect(decision.reason).toContain("escalation intent");
    },
  );

  it("uses the configured list instead of the defaults", () => {
    const options = { ...OPTIONS, escalationIntents: ["Operator"] };
    expect(decide({ intent: "operator", confidence: 0.99 }, options)).toMatchObject({
      kind: "handoff",
      trigger: "escalation-intent",
    });
    expect(decide({ intent: "agent", confidence: 0.99 }, options)).toMatchObject({ kind: "continue-bot" });
  });
});

describe("decideHandoffTurn: repeated low confidence", () => {
  const low = { intent: "billing", confidence: 0.8 }; // in [0.75, 0.85)
  const confident = { intent: "billing", confidence: 0.95 };

  it("hands off on the 3rd consecutive turn in the low band [threshold, threshold + 0.1)", () => {
    const steps = run([low, low, low]);
    expect(steps.map((step) => step.decision.kind)).toEqual(["continue-bot", "continue-bot", "handoff"]);
    expect(steps[1]?.decision).toMatchObject({ consecutiveLowTurns: 2 });
    expect(steps[2]?.decision).toMatchObject({ trigger: "repeated-low-confidence" });
    expect(steps[2]?.decision.reason).toContain("3 low-confidence turns in a row");
  });

  it("resets the count after a confident turn", () => {
    expect(run([low, low, confident, low, low]).map((step) => step.decision.kind)).toEqual(
      Array(5).fill("continue-bot"),
    );
  });

  it("treats the band's top as confident (0.85 is not low)", () => {
    const edge = { intent: "billing", confidence: 0.85 };
    expect(run([edge, edge, edge, edge]).every((step) => step.decision.kind === "continue-bot")).toBe(true);
  });

  it("follows configured margin and turn count; margin 0 disables the rule", () => {
    const twoTurns = { ...OPTIONS, lowConfidenceTurns: 2, lowConfidenceMargin: 0.2 };
    const fair = { intent: "billing", confidence: 0.9 };
    expect(run([fair, fair], twoTurns).map((step) => step.decision.kind)).toEqual([
      "continue-bot",
      "handoff",
    ]);
    const disabled = { ...OPTIONS, lowConfidenceMargin: 0 };
    expect(run([low, low, low, low], disabled).every((step) => step.decision.kind === "continue-bot")).toBe(
      true,
    );
  });
});

describe("decideHandoffTurn: missing or invalid confidence counts as 0", () => {
  it.each([
    ["undefined", undefined],
    ["null", null],
    ["NaN", Number.NaN],
    ["negative", -0.1],
    ["above 1", 1.2],
    ["a string", "0.9"],
    ["an object", { value: 0.9 }],
  ])("%s hands off and says why", (_label, confidence) => {
    const decision = decide({ intent: "billing", confidence });
    expect(decision).toMatchObject({ kind: "handoff", trigger: "below-threshold", confidence: 0 });
    expect(decision.reason).toMatch(/treated as 0/);
  });

  it("also for a turn with no intent at all, which goes to the default queue", () => {
    expect(decide({})).toMatchObject({ kind: "handoff", intent: null, target: { queueId: "q-general" } });
  });
});

describe("decideHandoffTurn: target", () => {
  it("routes to the intent's queue and skills when configured (case-insensitive), else the default", () => {
    expect(decide({ intent: "BILLING", confidence: 0.2 })).toMatchObject({
      target: { queueId: "q-billing", skillIds: ["skill-billing"] },
    });
    expect(decide({ intent: "shipping", confidence: 0.2 })).toMatchObject({
      target: { queueId: "q-general", skillIds: [] },
    });
  });
});

describe("decideHandoffTurn: session state", () => {
  it("does not hand off twice: later turns report the earlier handoff and leave the state alone", () => {
    const [first, second] = run([
      { intent: "agent", confidence: 1 },
      { intent: "agent", confidence: 1 },
    ]);
    expect(first?.decision.kind).toBe("handoff");
    expect(second?.decision).toMatchObject({ kind: "already-handed-off", target: { queueId: "q-general" } });
    expect(second?.state).toEqual(first?.state);
  });

  it("round-trips through JSON unchanged", () => {
    const steps = run([
      { intent: "billing", confidence: 0.8 },
      { intent: "billing", confidence: 0.8 },
      { intent: "agent" },
    ]);
    for (const { state } of steps) {
      expect(parseHandoffState(JSON.parse(JSON.stringify(state)))).toEqual(state);
    }
  });

  it.each([
    ["a non-object", "state", "state"],
    ["an unknown version", { ...initialHandoffState(), schemaVersion: 2 }, "state.schemaVersion"],
    [
      "a negative count",
      { ...initialHandoffState(), turns: 1, consecutiveLowTurns: -1 },
      "state.consecutiveLowTurns",
    ],
    [
      "a bad trigger",
      {
        ...initialHandoffState(),
        turns: 1,
        handedOff: { trigger: "x", target: { queueId: "q", skillIds: [] }, atTurn: 1 },
      },
      "state.handedOff.trigger",
    ],
  ])("rejects %s with InvalidInputError", (_label, state, field) => {
    const call = () => decideHandoffTurn(state as unknown as HandoffSessionState, { confidence: 1 }, OPTIONS);
    expect(call).toThrow(InvalidInputError);
    expect(call).toThrow(expect.objectContaining({ field }));
  });

  it("two workers continuing one session from serialised state decide exactly as one worker does (property)", () => {
    const turn = fc.record({
      intent: fc.constantFrom("billing", "shipping", "Agent", undefined, ""),
      confidence: fc.oneof(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(0.75, 0.8, 0.85, null, Number.NaN, 2),
      ),
    });
    fc.assert(
      fc.property(fc.array(turn, { maxLength: 12 }), fc.nat(), (turns, split) => {
        const alone = run(turns).map((step) => step.decision);
        const handover = split % (turns.length + 1);
        const decisions = [];
        // Worker A takes the first turns, then stores the state as the apps do (JSON in Redis).
        let stateA = initialHandoffState();
        for (const t of turns.slice(0, handover)) {
          const step = decideHandoffTurn(stateA, t, OPTIONS);
          decisions.push(step.decision);
          stateA = step.state;
        }
        const stored = JSON.stringify(stateA);
        // Worker B, another process, has only the stored text.
        let stateB = parseHandoffState(JSON.parse(stored));
        for (const t of turns.slice(handover)) {
          const step = decideHandoffTurn(stateB, t, OPTIONS);
          decisions.push(step.decision);
          stateB = JSON.parse(JSON.stringify(step.state));
        }
        expect(decisions).toEqual(alone);
      }),
      { numRuns: 300 },
    );
  });
});

describe("decideHandoffTurn: invariant (property)", () => {
  it("confidence >= threshold, no escalation intent and fewer than N low turns in a row never hands off", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 20 }),
        (threshold, margin, lowTurns, fractions) => {
          const options = {
            ...OPTIONS,
            confidenceThreshold: threshold,
            lowConfidenceMargin: margin,
            lowConfidenceTurns: lowTurns,
          };
          const bandTop = Math.min(1, threshold + margin);
          let lowInARow = 0;
          let state = initialHandoffState();
          for (const fraction of fractions) {
            const confidence = threshold + fraction * (1 - threshold);
            const isLow = confidence < bandTop;
            // Keep the sequence within the premise: never let N low turns accumulate.
            if (isLow && lowInARow + 1 >= lowTurns) continue;
            lowInARow = isLow ? lowInARow + 1 : 0;
            const step = decideHandoffTurn(state, { intent: "billing", confidence }, options);
            expect(step.decision.kind).toBe("continue-bot");
            state = step.state;
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("handoff options validation", () => {
  it.each([
    ["a threshold above 1", { confidenceThreshold: 1.2 }, "confidenceThreshold"],
    ["a NaN margin", { lowConfidenceMargin: Number.NaN }, "lowConfidenceMargin"],
    ["0 low turns", { lowConfidenceTurns: 0 }, "lowConfidenceTurns"],
    ["a blank escalation intent", { escalationIntents: [" "] }, "escalationIntents[0]"],
    [
      "a per-intent threshold out of range",
      { perIntentThreshold: { refund: -1 } },
      "perIntentThreshold.refund",
    ],
    [
      "intents equal ignoring case",
      { perIntentThreshold: { refund: 0.5, REFUND: 0.6 } },
      "perIntentThreshold.REFUND",
    ],
    ["a target without queue", { defaultTarget: { queueId: "", skillIds: [] } }, "defaultTarget.queueId"],
    [
      "a per-intent target with a bad skill",
      { perIntentTarget: { refund: { queueId: "q", skillIds: [""] } } },
      "perIntentTarget.refund.skillIds[0]",
    ],
  ])("throws PolicyConfigError for %s", (_label, override, field) => {
    const call = () =>
      decideHandoffTurn(initialHandoffState(), { confidence: 1 }, {
        ...OPTIONS,
        ...override,
      } as HandoffOptionsInput);
    expect(call).toThrow(PolicyConfigError);
    expect(call).toThrow(expect.objectContaining({ field }));
  });
});

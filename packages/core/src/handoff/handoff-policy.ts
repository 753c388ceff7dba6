import { describeValue } from "../errors.js";
import {
  type HandoffOptionsInput,
  type HandoffTarget,
  normaliseIntent,
  resolveHandoffOptions,
} from "./handoff-options.js";
import { type HandoffSessionState, type HandoffTrigger, parseHandoffState } from "./handoff-state.js";

/** One bot turn as the bot reports it. Fields are loosely typed on purpose: bots send what they send. */
export interface HandoffTurn {
  /** The recognised intent name; missing/empty = unknown intent. */
  readonly intent?: unknown;
  /** The bot's confidence, 0–1. Missing, null, NaN, out of range or not a number counts as 0. */
  readonly confidence?: unknown;
}

interface TurnFigures {
  /** Normalised (lower-case) intent, or null when the bot sent none. */
  readonly intent: string | null;
  /** The confidence used: the bot's, or 0 when it was missing/invalid. */
  readonly confidence: number;
  /** The threshold that applied to this intent. */
  readonly threshold: number;
  readonly reason: string;
}

export type HandoffDecision =
  | (TurnFigures & { readonly kind: "continue-bot"; readonly consecutiveLowTurns: number })
  | (TurnFigures & {
      readonly kind: "handoff";
      readonly trigger: HandoffTrigger;
      readonly target: HandoffTarget;
    })
  /** The session was handed off on an earlier turn (e.g. a late or repeated webhook): do not transfer again. */
  | { readonly kind: "already-handed-off"; readonly target: HandoffTarget; readonly reason: string };

export interface HandoffStep {
  readonly decision: HandoffDecision;
  /** Store this for the next turn (it is plain JSON). */
  readonly state: HandoffSessionState;
}

/**
 * Decides one bot turn, in this order:
 * 1. a session already handed off stays handed off (state unchanged, so repeats are idempotent);
 * 2. an escalation intent ("agent", "human", …) hands off whatever the confidence;
 * 3. confidence STRICTLY below the intent's threshold hands off;
 * 4. confidence in the low band [threshold, threshold + margin) continues the bot, but the
 *    `lowConfidenceTurns`-th such turn in a row hands off;
 * 5. otherwise the bot continues and the low-turn count resets.
 * Pure: the same (state, turn, options) always gives the same step, on any worker.
 * Throws `PolicyConfigError` for bad options and `InvalidInputError` for a state this policy did not write.
 */
export function decideHandoffTurn(
  state: HandoffSessionState,
  turn: HandoffTurn,
  options: HandoffOptionsInput,
): HandoffStep {
  const current = parseHandoffState(state);
  const policy = resolveHandoffOptions(options);
  if (current.handedOff !== null) {
    const { target, atTurn, trigger } = current.handedOff;
    return {
      decision: {
        kind: "already-handed-off",
        target,
        reason: `already handed off to queue ${target.queueId} at turn ${atTurn} (${trigger})`,
      },
      state: current,
    };
  }

  const intent =
    typeof turn.intent === "string" && turn.intent.trim() !== "" ? normaliseIntent(turn.intent) : null;
  const { confidence, note } = readConfidence(turn.confidence);
  const threshold =
    (intent === null ? undefined : policy.perIntentThreshold.get(intent)) ?? policy.confidenceThreshold;
  const target = (intent === null ? undefined : policy.perIntentTarget.get(intent)) ?? policy.defaultTarget;
  const turns = current.turns + 1;
  const said = `${note}intent ${intent === null ? "(none)" : `"${intent}"`} confidence ${confidence}`;
  const figures = { intent, confidence, threshold };
  const handoff = (trigger: HandoffTrigger, why: string): HandoffStep => ({
    decision: {
      kind: "handoff",
      ...figures,
      trigger,
      target,
      reason: `${why}: hand off to queue ${target.queueId}`,
    },
    state: { ...current, turns, handedOff: { trigger, target, atTurn: turns } },
  });

  if (intent !== null && policy.escalationIntents.has(intent)) {
    return handoff("escalation-intent", `${said}: "${intent}" is an escalation intent`);
  }
  if (confidence < threshold) {
    return handoff("below-threshold", `${said} < threshold ${threshold}`);
  }
  const lowBandTop = Math.min(1, threshold + policy.lowConfidenceMargin);
  if (confidence < lowBandTop) {
    const consecutiveLowTurns = current.consecutiveLowTurns + 1;
    const band = `low band [${threshold}, ${round(lowBandTop)})`;
    if (consecutiveLowTurns >= policy.lowConfidenceTurns) {
      return handoff(
        "repeated-low-confidence",
        `${said} in ${band}: ${consecutiveLowTurns} low-confidence turns in a row (limit ${policy.lowConfidenceTurns})`,
      );
    }
    return {
      decision: {
        kind: "continue-bot",
        ...figures,
        consecutiveLowTurns,
        reason: `${said} >= threshold ${threshold} but in ${band}: low-confidence turn ${consecutiveLowTurns} of ${policy.lowConfidenceTurns}`,
      },
      state: { ...current, turns, consecutiveLowTurns },
    };
  }
  return {
    decision: {
      kind: "continue-bot",
      ...figures,
      consecutiveLowTurns: 0,
      reason: `${said} >= threshold ${threshold}: the bot continues`,
    },
    state: { ...current, turns, consecutiveLowTurns: 0 },
  };
}

function readConfidence(raw: unknown): { confidence: number; note: string } {
  if (typeof raw === "number" && Number.isFinite(raw) && raw >= 0 && raw <= 1)
    return { confidence: raw, note: "" };
  const problem =
    typeof raw === "number" && Number.isFinite(raw) ? "out of range 0–1" : "missing or not a number";
  return { confidence: 0, note: `confidence ${problem} (got ${describeValue(raw)}), treated as 0; ` };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

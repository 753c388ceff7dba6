import { describeValue, InvalidInputError, requireIntegerInRange, requireNonEmptyString } from "../errors.js";
import type { HandoffTarget } from "./handoff-options.js";

/** Why a conversation was handed off. */
export const HANDOFF_TRIGGERS = ["escalation-intent", "below-threshold", "repeated-low-confidence"] as const;
export type HandoffTrigger = (typeof HANDOFF_TRIGGERS)[number];

/**
 * Everything the policy remembers between turns of one conversation. Plain JSON data (no undefined, no
 * class instances, no Dates) so that the apps keep it in Redis and ANY worker can take the next turn: an
 * in-process session store, as in the tutorial, only works while every turn reaches the same process.
 */
export interface HandoffSessionState {
  /** Bumped when the shape changes, so that stored states from an older release are recognised. */
  readonly schemaVersion: 1;
  /** Turns decided so far. */
  readonly turns: number;
  /** Low-confidence turns in a row ending with the latest one. */
  readonly consecutiveLowTurns: number;
  /** Set once the conversation has been handed off; later turns do not hand it off again. */
  readonly handedOff: {
    readonly trigger: HandoffTrigger;
    readonly target: HandoffTarget;
    readonly atTurn: number;
  } | null;
}

export function initialHandoffState(): HandoffSessionState {
  return { schemaVersion: 1, turns: 0, consecutiveLowTurns: 0, handedOff: null };
}

/**
 * Checks a state read back from storage (e.g. `JSON.parse` of the Redis value), throwing
 * `InvalidInputError` naming the field when it is not one this policy wrote.
 */
export function parseHandoffState(value: unknown): HandoffSessionState {
  if (!isRecord(value))
    throw new InvalidInputError("state", `expected an object, got ${describeValue(value)}`);
  if (value.schemaVersion !== 1) {
    throw new InvalidInputError(
      "state.schemaVersion",
      `expected 1, got ${describeValue(value.schemaVersion)}`,
    );
  }
  const turns = requireIntegerInRange(
    InvalidInputError,
    "state.turns",
    value.turns,
    0,
    Number.MAX_SAFE_INTEGER,
  );
  const consecutiveLowTurns = requireIntegerInRange(
    InvalidInputError,
    "state.consecutiveLowTurns",
    value.consecutiveLowTurns,
    0,
    turns,
  );
  return { schemaVersion: 1, turns, consecutiveLowTurns, handedOff: parseHandedOff(value.handedOff, turns) };
}

function parseHandedOff(value: unknown, turns: number): HandoffSessionState["handedOff"] {
  if (value === null) return null;
  if (!isRecord(value)) {
    throw new InvalidInputError("state.handedOff", `expected an object or null, got ${describeValue(value)}`);
  }
  const { trigger, target, atTurn } = value;
  if (!isTrigger(trigger)) {
    throw new InvalidInputError(
      "state.handedOff.trigger",
      `expected one of ${HANDOFF_TRIGGERS.join(", ")}, got ${describeValue(trigger)}`,
    );
  }
  if (!isRecord(target))
    throw new InvalidInputError("state.handedOff.target", `expected an object, got ${describeValue(target)}`);
  const queueId = requireNonEmptyString(InvalidInputError, "state.handedOff.target.queueId", target.queueId);
  const skillIds = target.skillIds;
  if (!Array.isArray(skillIds)) {
    throw new InvalidInputError(
      "state.handedOff.target.skillIds",
      `expected a list, got ${describeValue(skillIds)}`,
    );
  }
  const skills = skillIds.map((skillId: unknown, index) =>
    requireNonEmptyString(InvalidInputError, `state.handedOff.target.skillIds[${index}]`, skillId),
  );
  return {
    trigger,
    target: { queueId, skillIds: skills },
    atTurn: requireIntegerInRange(InvalidInputError, "state.handedOff.atTurn", atTurn, 1, Math.max(1, turns)),
  };
}

function isTrigger(value: unknown): value is HandoffTrigger {
  return typeof value === "string" && (HANDOFF_TRIGGERS as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

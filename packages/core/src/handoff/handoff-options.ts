import {
  describeValue,
  PolicyConfigError,
  requireIntegerInRange,
  requireNonEmptyString,
  requireNumberInRange,
} from "../errors.js";

/** Where a handed-off conversation goes: the queue to transfer to and the skills it should request. */
export interface HandoffTarget {
  readonly queueId: string;
  /** Routing skill ids for `PATCH /api/v2/routing/conversations/{id}` `skillIds`; may be empty. */
  readonly skillIds: readonly string[];
}

export interface HandoffOptions {
  /** Confidence STRICTLY below this hands off (0.75 exactly stays with the bot, as in the tutorial). Default 0.75. */
  readonly confidenceThreshold: number;
  /** Intent -> its own threshold (case-insensitive). Default none. */
  readonly perIntentThreshold: Readonly<Record<string, number>>;
  /** Intents that always hand off, whatever the confidence (case-insensitive). */
  readonly escalationIntents: readonly string[];
  /**
   * Width of the "low" band above the threshold: a confidence in [threshold, threshold + margin) continues
   * the bot but counts as a low-confidence turn. Default 0.1 (0.75–0.85 with the default threshold). 0 disables.
   */
  readonly lowConfidenceMargin: number;
  /**
   * This many CONSECUTIVE low-confidence turns hand off even though each was above the threshold: a bot
   * that keeps scraping past the threshold is not understanding the customer. A confident turn resets the
   * count. Default 3.
   */
  readonly lowConfidenceTurns: number;
  /** Target for any intent without its own. Required: there is no sensible default queue. */
  readonly defaultTarget: HandoffTarget;
  /** Intent -> target (case-insensitive). Default none. */
  readonly perIntentTarget: Readonly<Record<string, HandoffTarget>>;
}

export const DEFAULT_ESCALATION_INTENTS: readonly string[] = Object.freeze([
  "agent",
  "human",
  "representative",
  "speak_to_agent",
]);

export const DEFAULT_HANDOFF_OPTIONS: Omit<HandoffOptions, "defaultTarget"> = Object.freeze({
  confidenceThreshold: 0.75,
  perIntentThreshold: Object.freeze({}),
  escalationIntents: DEFAULT_ESCALATION_INTENTS,
  lowConfidenceMargin: 0.1,
  lowConfidenceTurns: 3,
  perIntentTarget: Object.freeze({}),
});

/** Options as callers pass them: the default target plus any overrides of the defaults. */
export type HandoffOptionsInput = Partial<Omit<HandoffOptions, "defaultTarget">> & {
  readonly defaultTarget: HandoffTarget;
};

/** Validated options with intent keys folded to lower case for lookups. */
export interface ResolvedHandoffOptions {
  readonly confidenceThreshold: number;
  readonly lowConfidenceMargin: number;
  readonly lowConfidenceTurns: number;
  readonly defaultTarget: HandoffTarget;
  readonly escalationIntents: ReadonlySet<string>;
  readonly perIntentThreshold: ReadonlyMap<string, number>;
  readonly perIntentTarget: ReadonlyMap<string, HandoffTarget>;
}

/** Intents compare case- and surrounding-space-insensitively ("Speak_To_Agent " = "speak_to_agent"). */
export function normaliseIntent(intent: string): string {
  return intent.trim().toLowerCase();
}

/** Fills in defaults and validates every field, throwing `PolicyConfigError` naming it. */
export function resolveHandoffOptions(input: HandoffOptionsInput): ResolvedHandoffOptions {
  const options: HandoffOptions = { ...DEFAULT_HANDOFF_OPTIONS, ...input };
  const escalationIntents = new Set<string>();
  if (!Array.isArray(options.escalationIntents)) {
    throw new PolicyConfigError(
      "escalationIntents",
      `expected a list, got ${describeValue(options.escalationIntents)}`,
    );
  }
  for (const [index, intent] of options.escalationIntents.entries()) {
    escalationIntents.add(
      normaliseIntent(requireNonEmptyString(PolicyConfigError, `escalationIntents[${index}]`, intent)),
    );
  }
  return {
    confidenceThreshold: requireNumberInRange(
      PolicyConfigError,
      "confidenceThreshold",
      options.confidenceThreshold,
      0,
      1,
    ),
    lowConfidenceMargin: requireNumberInRange(
      PolicyConfigError,
      "lowConfidenceMargin",
      options.lowConfidenceMargin,
      0,
      1,
    ),
    lowConfidenceTurns: requireIntegerInRange(
      PolicyConfigError,
      "lowConfidenceTurns",
      options.lowConfidenceTurns,
      1,
      Number.MAX_SAFE_INTEGER,
    ),
    defaultTarget: validateTarget(options.defaultTarget, "defaultTarget"),
    escalationIntents,
    perIntentThreshold: byIntent(options.perIntentThreshold, "perIntentThreshold", (value, field) =>
      requireNumberInRange(PolicyConfigError, field, value, 0, 1),
    ),
    perIntentTarget: byIntent(options.perIntentTarget, "perIntentTarget", validateTarget),
  };
}

function byIntent<T>(
  record: Readonly<Record<string, T>>,
  field: string,
  validate: (value: T, field: string) => T,
): ReadonlyMap<string, T> {
  if (typeof record !== "object" || record === null) {
    throw new PolicyConfigError(field, `expected an object keyed by intent, got ${describeValue(record)}`);
  }
  const map = new Map<string, T>();
  for (const [intent, value] of Object.entries(record)) {
    const key = normaliseIntent(intent);
    if (key === "") throw new PolicyConfigError(`${field}.${intent}`, "intent name is empty");
    if (map.has(key))
      throw new PolicyConfigError(`${field}.${intent}`, `duplicates intent "${key}" ignoring case`);
    map.set(key, validate(value, `${field}.${intent}`));
  }
  return map;
}

function validateTarget(target: HandoffTarget, field: string): HandoffTarget {
  if (typeof target !== "object" || target === null) {
    throw new PolicyConfigError(field, `expected { queueId, skillIds }, got ${describeValue(target)}`);
  }
  requireNonEmptyString(PolicyConfigError, `${field}.queueId`, target.queueId);
  if (!Array.isArray(target.skillIds)) {
    throw new PolicyConfigError(
      `${field}.skillIds`,
      `expected a list, got ${describeValue(target.skillIds)}`,
    );
  }
  for (const [index, skillId] of target.skillIds.entries()) {
    requireNonEmptyString(PolicyConfigError, `${field}.skillIds[${index}]`, skillId);
  }
  return target;
}

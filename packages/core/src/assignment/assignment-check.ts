import {
  describeValue,
  InvalidInputError,
  PolicyConfigError,
  requireNonEmptyString,
  requireNumberInRange,
} from "../errors.js";
import {
  type AgentProfile,
  combinedProficiency,
  MAX_PROFICIENCY,
  normaliseProficiency,
  type SkillCombine,
} from "../model.js";

/** Minimum combined proficiency (0–1) an agent needs to keep an assignment, by queue. */
export interface AssignmentThresholds {
  /** Used for any queue not in `perQueue`. Default 0.75 (the tutorial's). */
  readonly defaultThreshold: number;
  /** Queue id -> threshold. Default none. */
  readonly perQueue: Readonly<Record<string, number>>;
}

export interface AssignmentCheckOptions {
  readonly thresholds: AssignmentThresholds;
  /** How the requested skills combine: "min" (default: every skill must be good enough) or "mean". */
  readonly skillCombine: SkillCombine;
}

export const DEFAULT_ASSIGNMENT_THRESHOLDS: AssignmentThresholds = Object.freeze({
  defaultThreshold: 0.75,
  perQueue: Object.freeze({}),
});

export const DEFAULT_ASSIGNMENT_CHECK_OPTIONS: AssignmentCheckOptions = Object.freeze({
  thresholds: DEFAULT_ASSIGNMENT_THRESHOLDS,
  skillCombine: "min",
});

export interface AssignmentCheckInput {
  /** The queue the conversation is routed through; only chooses the threshold. */
  readonly queueId: string;
  /** The alerted agent. Skills are the USER's (`GET /api/v2/users/{id}/routingskills`): Genesys has no per-queue proficiency. */
  readonly agent: Pick<AgentProfile, "id" | "skills">;
  /** Skill ids the conversation requests (`conversationRoutingData.skills`). */
  readonly requiredSkills: readonly string[];
}

/** A requested skill the agent fell short on. */
export interface SkillShortfall {
  readonly skillId: string;
  /** As held by the agent on the 0–5 scale; null when the agent does not have the skill. */
  readonly proficiency: number | null;
  /** 0–1. */
  readonly normalised: number;
}

interface AssignmentFigures {
  readonly agentId: string;
  readonly queueId: string;
  readonly requiredSkills: readonly string[];
  /** Combined normalised proficiency, 0–1. */
  readonly score: number;
  readonly threshold: number;
  readonly reason: string;
}

export interface AssignmentApproval extends AssignmentFigures {
  readonly kind: "approve";
}

export interface AssignmentRejection extends AssignmentFigures {
  readonly kind: "reject";
  /** Every requested skill below the threshold; never empty (a mean below it needs one skill below it). */
  readonly shortfalls: readonly SkillShortfall[];
}

export type AssignmentDecision = AssignmentApproval | AssignmentRejection;

/** Validates thresholds (each finite, 0–1) and returns the one that applies to `queueId`. */
export function thresholdFor(queueId: string, thresholds: AssignmentThresholds): number {
  const fallback = requireNumberInRange(
    PolicyConfigError,
    "thresholds.defaultThreshold",
    thresholds.defaultThreshold,
    0,
    1,
  );
  if (typeof thresholds.perQueue !== "object" || thresholds.perQueue === null) {
    throw new PolicyConfigError(
      "thresholds.perQueue",
      `expected an object, got ${describeValue(thresholds.perQueue)}`,
    );
  }
  for (const [queue, value] of Object.entries(thresholds.perQueue)) {
    requireNumberInRange(PolicyConfigError, `thresholds.perQueue.${queue}`, value, 0, 1);
  }
  return Object.hasOwn(thresholds.perQueue, queueId) ? (thresholds.perQueue[queueId] ?? fallback) : fallback;
}

/**
 * Approves the alerted agent when the combined proficiency (0–5 normalised to 0–1) on the requested
 * skills is at least the queue's threshold (inclusive, as in the tutorial), rejects otherwise naming the
 * skills that fell short. An agent with none of the skills scores 0; a conversation requesting no skills
 * approves anyone. Throws `PolicyConfigError` / `InvalidInputError` naming the field on bad data.
 */
export function checkAssignment(
  input: AssignmentCheckInput,
  options: Partial<AssignmentCheckOptions> = {},
): AssignmentDecision {
  const { thresholds, skillCombine } = { ...DEFAULT_ASSIGNMENT_CHECK_OPTIONS, ...options };
  if (skillCombine !== "min" && skillCombine !== "mean") {
    throw new PolicyConfigError(
      "skillCombine",
      `expected "min" or "mean", got ${describeValue(skillCombine)}`,
    );
  }
  const queueId = requireNonEmptyString(InvalidInputError, "queueId", input.queueId);
  const agentId = requireNonEmptyString(InvalidInputError, "agent.id", input.agent.id);
  const threshold = thresholdFor(queueId, thresholds);
  const requiredSkills = validateSkills(input);
  const score = combinedProficiency(input.agent.skills, requiredSkills, skillCombine);
  const figures = { agentId, queueId, requiredSkills, score, threshold };
  const comparison = `combined proficiency ${score.toFixed(2)} (${skillCombine} of ${describeSkills(input.agent.skills, requiredSkills)})`;

  if (requiredSkills.length === 0) {
    return {
      kind: "approve",
      ...figures,
      reason: `agent ${agentId} approved for queue ${queueId}: the conversation requests no skills`,
    };
  }
  if (score >= threshold) {
    return {
      kind: "approve",
      ...figures,
      reason: `agent ${agentId} approved for queue ${queueId}: ${comparison} >= threshold ${threshold}`,
    };
  }
  const shortfalls = requiredSkills
    .map((skillId) => {
      const held = input.agent.skills[skillId];
      return { skillId, proficiency: held ?? null, normalised: normaliseProficiency(held) };
    })
    .filter((skill) => skill.normalised < threshold);
  const short = shortfalls
    .map((skill) => `${skill.skillId} ${formatHeld(skill.proficiency)} = ${skill.normalised.toFixed(2)}`)
    .join(", ");
  return {
    kind: "reject",
    ...figures,
    shortfalls,
    reason: `agent ${agentId} rejected for queue ${queueId}: ${comparison} < threshold ${threshold}; short on ${short}`,
  };
}

function validateSkills(input: AssignmentCheckInput): readonly string[] {
  const { requiredSkills, agent } = input;
  if (!Array.isArray(requiredSkills)) {
    throw new InvalidInputError("requiredSkills", `expected a list, got ${describeValue(requiredSkills)}`);
  }
  for (const [index, skillId] of requiredSkills.entries()) {
    requireNonEmptyString(InvalidInputError, `requiredSkills[${index}]`, skillId);
    const held = agent.skills[skillId];
    if (held !== undefined) {
      requireNumberInRange(InvalidInputError, `agent.skills.${skillId}`, held, 0, MAX_PROFICIENCY);
    }
  }
  return requiredSkills;
}

function describeSkills(skills: Readonly<Record<string, number>>, requiredSkills: readonly string[]): string {
  return requiredSkills.map((skillId) => `${skillId} ${formatHeld(skills[skillId] ?? null)}`).join(", ");
}

function formatHeld(proficiency: number | null | undefined): string {
  return proficiency === null || proficiency === undefined ? "missing" : `${proficiency}/${MAX_PROFICIENCY}`;
}

/** One requested skill as the check saw it. */
export interface AssignmentSkillFigure {
  readonly skillId: string;
  /** As held by the agent on the 0–5 scale; null when the agent does not have the skill. */
  readonly proficiency: number | null;
  /** 0–1. */
  readonly normalised: number;
  readonly meetsThreshold: boolean;
}

/** Everything the skill-threshold check decided with. Ids, numbers and enums only. */
export interface AssignmentExplanation {
  readonly policy: "assignment-check";
  readonly agentId: string;
  readonly queueId: string;
  readonly skillCombine: SkillCombine;
  readonly threshold: number;
  /** `queue`: `thresholds.perQueue[queueId]`; `default`: `thresholds.defaultThreshold`. */
  readonly thresholdSource: "queue" | "default";
  readonly skills: readonly AssignmentSkillFigure[];
  /** Combined normalised proficiency, 0–1. */
  readonly score: number;
  readonly outcome: AssignmentDecision["kind"];
}

/** `checkAssignment`, with the explanation the worker logs. The decision is `checkAssignment`'s own. */
export function explainAssignmentCheck(
  input: AssignmentCheckInput,
  options: Partial<AssignmentCheckOptions> = {},
): { readonly decision: AssignmentDecision; readonly explanation: AssignmentExplanation } {
  const decision = checkAssignment(input, options);
  const { thresholds, skillCombine } = { ...DEFAULT_ASSIGNMENT_CHECK_OPTIONS, ...options };
  return {
    decision,
    explanation: {
      policy: "assignment-check",
      agentId: decision.agentId,
      queueId: decision.queueId,
      skillCombine,
      threshold: decision.threshold,
      thresholdSource: Object.hasOwn(thresholds.perQueue, decision.queueId) ? "queue" : "default",
      skills: decision.requiredSkills.map((skillId) => {
        const held = input.agent.skills[skillId];
        const normalised = normaliseProficiency(held);
        return {
          skillId,
          proficiency: held ?? null,
          normalised,
          meetsThreshold: normalised >= decision.threshold,
        };
      }),
      score: decision.score,
      outcome: decision.kind,
    },
  };
}

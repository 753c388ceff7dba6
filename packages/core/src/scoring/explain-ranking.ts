import { InvalidInputError, requireIntegerInRange } from "../errors.js";
import type { CandidateAgent, RoutingStatus, SkillCombine } from "../model.js";
import {
  blendFairness,
  type FairnessSignal,
  type FairnessTermOptions,
  fairnessTermOf,
} from "./fairness-term.js";
import { idleMsAt } from "./idle-time.js";
import { type RankedAgent, rankAgents } from "./rank-agents.js";
import { type RankingOptionsInput, resolveRankingOptions } from "./ranking-options.js";
import { validateRequirement } from "./requirement.js";
import { type RoutingRequirement, type ScoringWeights, scoreAgent } from "./score-agent.js";
import { type ScoreComponents, scoreComponents } from "./score-components.js";
import type { SlaTarget, SlaWeightAdjustment } from "./sla-weights.js";

/**
 * Why a candidate was not ranked:
 * - `no-routing-status`: ranking filters on status and the agent's is unknown;
 * - `status-not-eligible`: its routing status is not one of `eligibleStatuses`;
 * - `below-min-score`: its weighted score is below `minScore`;
 * - `assignment-rejected`: (rejection follow-ups) the agent whose assignment was just rejected;
 * - `below-assignment-threshold`: (rejection follow-ups) it would fail the same skill-threshold check.
 */
export type IneligibleReason =
  | "no-routing-status"
  | "status-not-eligible"
  | "below-min-score"
  | "assignment-rejected"
  | "below-assignment-threshold";

export const INELIGIBLE_REASONS: readonly IneligibleReason[] = Object.freeze([
  "no-routing-status",
  "status-not-eligible",
  "below-min-score",
  "assignment-rejected",
  "below-assignment-threshold",
]);

/** The fairness term of one candidate (present only when the term is on). */
export interface FairnessComponent {
  readonly signal: FairnessSignal;
  /** What the term was computed from: idle ms (`idle-time`) or occupancy 0–1 (`occupancy`); null = unknown. */
  readonly input: number | null;
  /** 0–1. */
  readonly term: number;
}

/** One candidate of a ranking, with every figure its place came from. Ids, numbers and enums only. */
export interface CandidateExplanation {
  readonly agentId: string;
  readonly routingStatus: RoutingStatus | null;
  readonly eligible: boolean;
  readonly ineligibleReason: IneligibleReason | null;
  readonly components: ScoreComponents;
  readonly fairness: FairnessComponent | null;
  /** The rank score, 0–1: the weighted score (blended with the fairness term when on); 0 when not eligible. */
  readonly score: number;
  /** IDLE time at `nowMs`; null when not read (an unparseable start time of an agent that could not rank). */
  readonly idleMs: number | null;
  /** 1-based place in the ranking; null when not ranked (not eligible, or beyond `topN`). */
  readonly rank: number | null;
}

/** The SLA weight rule that chose the weights, when the caller used one. */
export interface SlaExplanation {
  readonly baseWeights: ScoringWeights;
  readonly rule: string | null;
  readonly target: SlaTarget;
  readonly serviceLevelPercent: number;
}

/** Everything a weighted ranking decided with: the policy's settings and every candidate. */
export interface RankingExplanation {
  readonly policy: "weighted";
  readonly nowMs: number;
  readonly requirement: {
    readonly requiredSkills: readonly string[];
    readonly requiredLanguage: string | null;
  };
  /** The weights used, normalised to sum 1 (after the SLA rule, when one applied). */
  readonly weights: ScoringWeights;
  readonly sla: SlaExplanation | null;
  readonly minScore: number;
  readonly csatFallback: number;
  readonly skillCombine: SkillCombine;
  readonly topN: number;
  readonly eligibleStatuses: readonly RoutingStatus[] | "any";
  readonly fairness: FairnessTermOptions | null;
  /** Ranked candidates in rank order, then the others in input order. */
  readonly candidates: readonly CandidateExplanation[];
  readonly counts: { readonly candidates: number; readonly eligible: number; readonly ranked: number };
}

export interface ExplainContext {
  /** The SLA adjustment whose `weights` rank the agents (they replace `options.weights`). */
  readonly slaAdjustment?: SlaWeightAdjustment | undefined;
  /** Agents left out before ranking, and why (rejection follow-ups). */
  readonly excluded?: ReadonlyMap<string, IneligibleReason> | undefined;
  /**
   * Candidates explained at most: the ranked ones, then the others in input order up to this many (the
   * decision log keeps 50 by default, so a 5,000-agent queue need not build 5,000 explanations on a
   * decision's path). `counts` still covers every candidate; the ranking is unchanged. A whole number of
   * at least 0.
   * @defaultValue every candidate
   */
  readonly explainAtMost?: number | undefined;
}

export interface ExplainedRanking {
  /** Exactly what `rankAgents` returns for the same agents and options. */
  readonly ranked: RankedAgent[];
  readonly explanation: RankingExplanation;
}

/**
 * `rankAgents`, showing its work: the ranking itself comes from `rankAgents` (so it cannot differ), and
 * every candidate, ranked or not, is listed with its score components, fairness term, idle time and the
 * reason it was left out. Costs about one more pass over the agents than ranking alone: for the decision
 * log and QA, not a replacement for `rankAgents` on the hot path. With `context.explainAtMost`, only that
 * many candidates are explained (the others are only counted).
 */
export function explainRanking(
  agents: readonly CandidateAgent[],
  requirement: RoutingRequirement,
  options: RankingOptionsInput,
  context: ExplainContext = {},
): ExplainedRanking {
  const effective: RankingOptionsInput =
    context.slaAdjustment === undefined ? options : { ...options, weights: context.slaAdjustment.weights };
  const resolved = resolveRankingOptions(effective);
  validateRequirement(requirement);
  const excluded = context.excluded;
  const rankable = excluded === undefined ? agents : agents.filter((agent) => !excluded.has(agent.id));
  const ranked = rankAgents(rankable, requirement, effective);
  const rankOf = new Map(ranked.map((agent, index) => [agent.agentId, index + 1]));
  const { eligibleStatuses, nowMs, fairness } = resolved;

  const explainAtMost = requireIntegerInRange(
    InvalidInputError,
    "explainAtMost",
    context.explainAtMost ?? agents.length,
    0,
    Number.MAX_SAFE_INTEGER,
  );
  // Why an agent could not rank (null: it could): one rule for the candidates explained and those counted.
  const ineligibility = (agent: CandidateAgent, scoreOf: () => number): IneligibleReason | null => {
    const reason = excluded?.get(agent.id);
    if (reason !== undefined) return reason;
    if (eligibleStatuses !== "any") {
      const status = agent.routingStatus?.status;
      if (status === undefined) return "no-routing-status";
      if (!eligibleStatuses.includes(status)) return "status-not-eligible";
    }
    return scoreOf() <= 0 ? "below-min-score" : null;
  };
  const explain = (agent: CandidateAgent): CandidateExplanation => {
    const status = agent.routingStatus?.status ?? null;
    const components = scoreComponents(agent, requirement, resolved);
    const idleMs = readIdleMs(agent, nowMs, rankOf.has(agent.id));
    const ineligibleReason = ineligibility(agent, () => components.score);
    const term = fairness === undefined ? null : fairnessComponent(fairness, idleMs ?? 0, agent.occupancy);
    const eligible = ineligibleReason === null;
    const score = !eligible
      ? 0
      : term === null || fairness === undefined
        ? components.score
        : blendFairness(components.score, term.term, fairness.weight);
    return {
      agentId: agent.id,
      routingStatus: status,
      eligible,
      ineligibleReason,
      components,
      fairness: term,
      score,
      idleMs,
      rank: rankOf.get(agent.id) ?? null,
    };
  };
  let unrankedRoom = Math.max(0, explainAtMost - ranked.length);
  let eligibleCount = 0;
  const explained: CandidateExplanation[] = [];
  for (const agent of agents) {
    const rank = rankOf.get(agent.id);
    if (rank !== undefined) {
      eligibleCount++;
      if (rank <= explainAtMost) explained.push(explain(agent));
    } else if (unrankedRoom > 0) {
      unrankedRoom--;
      const candidate = explain(agent);
      explained.push(candidate);
      if (candidate.eligible) eligibleCount++;
    } else if (ineligibility(agent, () => scoreAgent(agent, requirement, resolved)) === null) {
      eligibleCount++;
    }
  }
  const byRank = explained
    .filter((candidate) => candidate.rank !== null)
    .sort((left, right) => (left.rank ?? 0) - (right.rank ?? 0));
  const unranked = explained.filter((candidate) => candidate.rank === null);
  const sla = context.slaAdjustment;
  return {
    ranked,
    explanation: {
      policy: "weighted",
      nowMs,
      requirement: {
        requiredSkills: [...requirement.requiredSkills],
        requiredLanguage: requirement.requiredLanguage ?? null,
      },
      weights: resolved.weights,
      sla:
        sla === undefined
          ? null
          : {
              baseWeights: sla.baseWeights,
              rule: sla.rule,
              target: sla.target,
              serviceLevelPercent: sla.serviceLevelPercent,
            },
      minScore: resolved.minScore,
      csatFallback: resolved.csatFallback,
      skillCombine: resolved.skillCombine,
      topN: resolved.topN,
      eligibleStatuses: resolved.eligibleStatuses,
      fairness: fairness ?? null,
      candidates: [...byRank, ...unranked],
      counts: {
        candidates: agents.length,
        eligible: eligibleCount,
        ranked: ranked.length,
      },
    },
  };
}

/**
 * Idle time of a candidate. A ranked agent's start time has been parsed by `rankAgents` already; for the
 * others an unparseable start time is shown as null rather than failing an explanation the ranking did
 * not fail.
 */
function readIdleMs(agent: CandidateAgent, nowMs: number, ranked: boolean): number | null {
  if (ranked) return idleMsAt(agent.routingStatus, nowMs, agent.id);
  try {
    return idleMsAt(agent.routingStatus, nowMs, agent.id);
  } catch {
    return null;
  }
}

function fairnessComponent(
  fairness: FairnessTermOptions,
  idleMs: number,
  occupancy: number | undefined,
): FairnessComponent {
  const input =
    fairness.signal === "idle-time"
      ? idleMs
      : occupancy === undefined || !Number.isFinite(occupancy)
        ? null
        : occupancy;
  return { signal: fairness.signal, input, term: fairnessTermOf(fairness, idleMs, occupancy) };
}

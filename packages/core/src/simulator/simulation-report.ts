import type { AgentProfile } from "../model.js";
import type { FairnessTermOptions } from "../scoring/fairness-term.js";
import { chiSquareUniformTest } from "../stats/chi-square.js";
import { giniCoefficient } from "../stats/gini.js";
import type { AgentLoad, FairnessReport, RoutingPolicyName, SimulationReport } from "./types.js";

export interface SimulationTotals {
  readonly policy: RoutingPolicyName;
  readonly fairnessTerm: FairnessTermOptions | undefined;
  readonly agents: readonly AgentProfile[];
  readonly handled: Float64Array;
  readonly busySeconds: Float64Array;
  readonly interactions: number;
  readonly answered: number;
  readonly abandoned: number;
  readonly unserved: number;
  readonly delayed: number;
  readonly answeredWithinTarget: number;
  readonly totalWaitSeconds: number;
  readonly targetSeconds: number;
  readonly startSeconds: number;
  readonly endSeconds: number;
}

/**
 * Turns raw totals into the report. Rates over an empty denominator are 0 rather than NaN so the report
 * always serialises to JSON numbers.
 */
export function buildReport(totals: SimulationTotals): SimulationReport {
  const span = Math.max(0, totals.endSeconds - totals.startSeconds);
  const perAgent: AgentLoad[] = totals.agents.map((agent, index) => {
    const busySeconds = totals.busySeconds[index] ?? 0;
    return {
      id: agent.id,
      handled: totals.handled[index] ?? 0,
      busySeconds,
      occupancy: ratio(busySeconds, span),
    };
  });
  let totalBusy = 0;
  for (const load of perAgent) totalBusy += load.busySeconds;
  return {
    policy: totals.policy,
    // Only present when the term was on, so a report without it is exactly what it always was.
    ...(totals.fairnessTerm === undefined ? {} : { fairnessTerm: totals.fairnessTerm }),
    interactions: totals.interactions,
    answered: totals.answered,
    abandoned: totals.abandoned,
    unserved: totals.unserved,
    delayed: totals.delayed,
    answeredWithinTarget: totals.answeredWithinTarget,
    targetSeconds: totals.targetSeconds,
    serviceLevel: ratio(totals.answeredWithinTarget, totals.interactions),
    asaSeconds: ratio(totals.totalWaitSeconds, totals.answered),
    abandonRate: ratio(totals.abandoned, totals.interactions),
    occupancy: ratio(totalBusy, totals.agents.length * span),
    startSeconds: totals.startSeconds,
    endSeconds: totals.endSeconds,
    simulatedSeconds: span,
    perAgent,
    fairness: fairnessOf(totals.handled),
  };
}

/** Gini and chi-square uniformity of handled counts over every agent of the roster. */
export function fairnessOf(handledPerAgent: ArrayLike<number>): FairnessReport {
  const test = chiSquareUniformTest(handledPerAgent);
  return {
    gini: giniCoefficient(handledPerAgent),
    chi2: test.statistic,
    df: test.degreesOfFreedom,
    pValue: test.pValue,
  };
}

function ratio(numerator: number, denominator: number): number {
  return denominator > 0 ? numerator / denominator : 0;
}

import { PolicyConfigError } from "../errors.js";
import {
  DEFAULT_FAIRNESS_TERM,
  type FairnessTermOptions,
  resolveFairnessTerm,
} from "../scoring/fairness-term.js";
import { DEFAULT_SCORING_OPTIONS, type ScoringOptions } from "../scoring/score-agent.js";
import { ROUTING_POLICY_NAMES, type RoutingPolicyName, type SimulationReport } from "./types.js";

/**
 * One simulation run of a plan: a policy, and for `weighted` possibly the fairness term. The CLI
 * (`npm run sim`) and the dashboard's simulation API both run `planSimulationRuns` and shape the reports
 * with `summariseSimulationRuns`, so the same request gives the same JSON in both (tested).
 */
export interface SimulationRun {
  readonly policy: RoutingPolicyName;
  /** Undefined: the term is off. */
  readonly fairness?: FairnessTermOptions | undefined;
}

export interface SimulationRunRequest {
  /** One policy; ignored with `compare`. */
  readonly policy?: RoutingPolicyName | undefined;
  /** Every policy with the term off, then `weighted` once more with the term on. */
  readonly compare?: boolean | undefined;
  /**
   * The fairness term: with `policy: "weighted"` it turns the term on for that run; with `compare` it
   * sets the term of the extra run (default `DEFAULT_FAIRNESS_TERM`).
   */
  readonly fairness?: Partial<FairnessTermOptions> | undefined;
}

export interface SimulationRunPlan {
  readonly compare: boolean;
  readonly runs: readonly SimulationRun[];
}

/** The runs a request asks for. Throws `PolicyConfigError` naming `policy` or `fairness.<field>`. */
export function planSimulationRuns(request: SimulationRunRequest): SimulationRunPlan {
  if (request.compare === true) {
    const fairness = resolveFairnessTerm(request.fairness ?? DEFAULT_FAIRNESS_TERM) ?? DEFAULT_FAIRNESS_TERM;
    return {
      compare: true,
      runs: [...ROUTING_POLICY_NAMES.map((policy) => ({ policy })), { policy: "weighted", fairness }],
    };
  }
  const policy = request.policy;
  if (policy === undefined || !ROUTING_POLICY_NAMES.includes(policy)) {
    throw new PolicyConfigError(
      "policy",
      `expected one of ${ROUTING_POLICY_NAMES.join(", ")} (or compare), got ${String(policy)}`,
    );
  }
  const fairness = resolveFairnessTerm(request.fairness);
  if (fairness !== undefined && policy !== "weighted") {
    throw new PolicyConfigError(
      "fairness",
      `the fairness term belongs to the weighted policy, not ${policy}`,
    );
  }
  return { compare: false, runs: [fairness === undefined ? { policy } : { policy, fairness }] };
}

/** The scoring options of a run, for `SimulationOptions.scoring`. */
export function scoringForRun(
  run: SimulationRun,
  base: ScoringOptions = DEFAULT_SCORING_OPTIONS,
): ScoringOptions {
  return run.fairness === undefined ? base : { ...base, fairness: run.fairness };
}

/** A run's label for tables and progress: the policy, and the term when on. */
export function simulationRunLabel(run: SimulationRun): string {
  return run.fairness === undefined
    ? run.policy
    : `${run.policy} + fairness (${run.fairness.signal} ${run.fairness.weight})`;
}

/**
 * One policy's result as the CLI's `--json` and the dashboard's `report` give it: camelCase keys, counts
 * as they are, fractions rounded to 4 decimals, seconds to 2, Gini to 4, chi-square to 2 and the p-value
 * to 4 significant digits. The unrounded figures are `SimulationReport`'s.
 */
export interface SimulationSummary {
  readonly policy: RoutingPolicyName;
  /** The fairness term of the run, null when off. */
  readonly fairnessTerm: FairnessTermOptions | null;
  readonly interactions: number;
  readonly answered: number;
  readonly abandoned: number;
  readonly unserved: number;
  readonly delayed: number;
  readonly answeredWithinTarget: number;
  readonly targetSeconds: number;
  readonly serviceLevel: number;
  readonly asaSeconds: number;
  readonly abandonRate: number;
  readonly occupancy: number;
  readonly simulatedSeconds: number;
  readonly perAgent: readonly {
    readonly id: string;
    readonly handled: number;
    readonly busySeconds: number;
    readonly occupancy: number;
  }[];
  readonly fairness: {
    readonly gini: number;
    readonly chi2: number;
    readonly df: number;
    readonly pValue: number;
  };
}

/** `compare`: every policy with the term off, and the Gini of per-agent load with the term off and on. */
export interface SimulationComparisonSummary {
  readonly policies: readonly SimulationSummary[];
  readonly fairnessTerm: {
    readonly policy: "weighted";
    readonly settings: FairnessTermOptions;
    /** Gini of handled interactions per agent under `weighted` without the term, and with it. */
    readonly giniOff: number;
    readonly giniOn: number;
    /** The whole `weighted` run with the term on. */
    readonly report: SimulationSummary;
  };
}

export type SimulationResultSummary = SimulationSummary | SimulationComparisonSummary;

export function summariseSimulation(report: SimulationReport): SimulationSummary {
  return {
    policy: report.policy,
    fairnessTerm: report.fairnessTerm ?? null,
    interactions: report.interactions,
    answered: report.answered,
    abandoned: report.abandoned,
    unserved: report.unserved,
    delayed: report.delayed,
    answeredWithinTarget: report.answeredWithinTarget,
    targetSeconds: report.targetSeconds,
    serviceLevel: roundFraction(report.serviceLevel),
    asaSeconds: roundSeconds(report.asaSeconds),
    abandonRate: roundFraction(report.abandonRate),
    occupancy: roundFraction(report.occupancy),
    simulatedSeconds: roundSeconds(report.simulatedSeconds),
    perAgent: report.perAgent.map((load) => ({
      id: load.id,
      handled: load.handled,
      busySeconds: roundSeconds(load.busySeconds),
      occupancy: roundFraction(load.occupancy),
    })),
    fairness: {
      gini: roundFraction(report.fairness.gini),
      chi2: roundTo(report.fairness.chi2, 2),
      df: report.fairness.df,
      pValue: roundSignificant(report.fairness.pValue, 4),
    },
  };
}

/** The result of a plan's runs (reports in the plan's run order), as both the CLI and the API give it. */
export function summariseSimulationRuns(
  plan: SimulationRunPlan,
  reports: readonly SimulationReport[],
): SimulationResultSummary {
  if (reports.length !== plan.runs.length) {
    throw new RangeError(`expected ${plan.runs.length} reports (one per run), got ${reports.length}`);
  }
  const summaries = reports.map(summariseSimulation);
  if (!plan.compare) return summaries[0] as SimulationSummary;
  const withTerm = plan.runs.findIndex((run) => run.fairness !== undefined);
  const weightedOff = plan.runs.findIndex((run) => run.policy === "weighted" && run.fairness === undefined);
  const on = summaries[withTerm];
  const off = summaries[weightedOff];
  const settings = plan.runs[withTerm]?.fairness;
  if (on === undefined || off === undefined || settings === undefined) {
    throw new RangeError("a comparison plan runs weighted with and without the fairness term");
  }
  return {
    policies: summaries.filter((_, index) => index !== withTerm),
    fairnessTerm: {
      policy: "weighted",
      settings,
      giniOff: off.fairness.gini,
      giniOn: on.fairness.gini,
      report: on,
    },
  };
}

/** Fractions (service level, rates, occupancy, Gini): 4 decimals. */
export function roundFraction(value: number): number {
  return roundTo(value, 4);
}

/** Durations in seconds: 2 decimals (10 ms). */
export function roundSeconds(value: number): number {
  return roundTo(value, 2);
}

function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

/** p-values span hundreds of orders of magnitude: keep significant digits, not decimals. */
function roundSignificant(value: number, digits: number): number {
  return value === 0 || !Number.isFinite(value) ? value : Number(value.toPrecision(digits));
}

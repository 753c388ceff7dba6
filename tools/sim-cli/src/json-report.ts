import type { SimulationReport } from "@routing/core";

/** One policy's result as `--json` prints it: exactly these keys, snake_case. */
export interface JsonReport {
  readonly policy: string;
  readonly interactions: number;
  readonly answered: number;
  readonly abandoned: number;
  readonly service_level: number;
  readonly target_seconds: number;
  readonly asa_seconds: number;
  readonly abandon_rate: number;
  readonly occupancy: number;
  readonly per_agent: readonly JsonAgentLoad[];
  readonly fairness: {
    readonly gini: number;
    readonly chi2: number;
    readonly df: number;
    readonly p_value: number;
  };
}

export interface JsonAgentLoad {
  readonly id: string;
  readonly handled: number;
  readonly busy_seconds: number;
  readonly occupancy: number;
}

/** `--compare --json`: the same objects, in policy order. */
export interface JsonComparison {
  readonly policies: readonly JsonReport[];
}

export function toJsonReport(report: SimulationReport): JsonReport {
  return {
    policy: report.policy,
    interactions: report.interactions,
    answered: report.answered,
    abandoned: report.abandoned,
    service_level: report.serviceLevel,
    target_seconds: report.targetSeconds,
    asa_seconds: report.asaSeconds,
    abandon_rate: report.abandonRate,
    occupancy: report.occupancy,
    per_agent: report.perAgent.map((load) => ({
      id: load.id,
      handled: load.handled,
      busy_seconds: load.busySeconds,
      occupancy: load.occupancy,
    })),
    fairness: {
      gini: report.fairness.gini,
      chi2: report.fairness.chi2,
      df: report.fairness.df,
      p_value: report.fairness.pValue,
    },
  };
}

import type { FairnessTermOptions, RoutingPolicyName, SimulationResultSummary } from "@routing/core";
import { z } from "zod";

export const SIMULATION_STATUSES = ["running", "completed", "failed"] as const;
export type SimulationStatus = (typeof SIMULATION_STATUSES)[number];

/**
 * A simulation as stored in Redis and returned by GET /api/simulations/:id. Plain JSON, so any dashboard
 * instance can answer for a run another instance is executing.
 */
export interface SimulationRecord {
  readonly id: string;
  readonly status: SimulationStatus;
  /** 0..1 over every policy of the run. */
  readonly progress: number;
  readonly policies: readonly RoutingPolicyName[];
  readonly compare: boolean;
  /** The fairness term of the weighted run (with `compare`, of the extra weighted run); null when off. */
  readonly fairnessTerm: FairnessTermOptions | null;
  readonly targetSeconds: number;
  readonly source: "csv" | "generated";
  readonly interactions: number;
  readonly agents: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly finishedAt?: string;
  /**
   * Set when completed: core's `summariseSimulationRuns`, exactly what `npm run sim -- --json` prints for
   * the same request (one summary, or with `compare` `{ policies, fairnessTerm }`).
   */
  readonly report?: SimulationResultSummary;
  /** Set when failed. */
  readonly error?: { readonly code: string; readonly message: string };
}

// Only the fields the dashboard itself acts on are checked; the report is core's summary, passed through.
const storedRecordShape = z.looseObject({
  id: z.string(),
  status: z.enum(SIMULATION_STATUSES),
  progress: z.number().min(0).max(1),
});

/** Reads a stored record back, or undefined when the text is not one this dashboard wrote. */
export function parseSimulationRecord(text: string): SimulationRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return storedRecordShape.safeParse(value).success ? (value as SimulationRecord) : undefined;
}

export function simulationLinks(id: string): { readonly self: string } {
  return { self: `/api/simulations/${id}` };
}

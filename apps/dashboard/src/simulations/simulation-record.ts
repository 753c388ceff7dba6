import type { RoutingPolicyName, SimulationReport } from "@routing/core";
import { z } from "zod";

export const SIMULATION_STATUSES = ["running", "completed", "failed"] as const;
export type SimulationStatus = (typeof SIMULATION_STATUSES)[number];

/** `compare: true` runs every policy on the same data; the reports come back in policy order. */
export interface SimulationComparison {
  readonly policies: readonly SimulationReport[];
}

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
  readonly targetSeconds: number;
  readonly source: "csv" | "generated";
  readonly interactions: number;
  readonly agents: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly finishedAt?: string;
  /** Set when completed: one report, or `{ policies: [...] }` with `compare`. */
  readonly report?: SimulationReport | SimulationComparison;
  /** Set when failed. */
  readonly error?: { readonly code: string; readonly message: string };
}

// Only the fields the dashboard itself acts on are checked; the report is core's and passed through.
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

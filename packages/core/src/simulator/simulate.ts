import type { AgentProfile } from "../model.js";
import { RoutingSimulation } from "./routing-simulation.js";
import type { SimulatedInteraction, SimulationOptions, SimulationReport } from "./types.js";

/** Replays an in-memory (or lazily generated) dataset, sorted by arrival time. */
export function simulate(
  interactions: Iterable<SimulatedInteraction>,
  agents: readonly AgentProfile[],
  options: SimulationOptions,
): SimulationReport {
  const simulation = new RoutingSimulation(agents, options);
  for (const interaction of interactions) simulation.offer(interaction);
  return simulation.finish();
}

/**
 * Replays a streamed dataset (for example rows parsed from a file as it is read), sorted by arrival
 * time; only the interactions waiting in queue at any moment are held in memory.
 */
export async function simulateStream(
  interactions: AsyncIterable<SimulatedInteraction> | Iterable<SimulatedInteraction>,
  agents: readonly AgentProfile[],
  options: SimulationOptions,
): Promise<SimulationReport> {
  const simulation = new RoutingSimulation(agents, options);
  for await (const interaction of interactions) simulation.offer(interaction);
  return simulation.finish();
}

import { type Handler, json } from "@routing/http-kit";
import type { DashboardServices } from "../services.js";
import { buildSimulationPlan, type SimulationPlan } from "../simulations/simulation-plan.js";
import { simulationLinks } from "../simulations/simulation-record.js";
import type { SimulationRequest } from "../simulations/simulation-request.js";

/**
 * POST /api/simulations: the request's shape is checked by the route's schema (simulationRequestSchema);
 * then a place in the concurrency limit, then the roster and the CSV. Stores the run in Redis and answers
 * 202 while it runs in the background.
 */
export const createSimulationHandler: Handler<DashboardServices, SimulationRequest> = async (
  { body },
  services,
) => {
  const slot = services.simulations.reserve();
  let plan: SimulationPlan;
  try {
    plan = await buildSimulationPlan(body, services.simulationLimits);
  } catch (error) {
    slot.release();
    throw error;
  }
  const record = await slot.start(plan);
  const links = simulationLinks(record.id);
  return json(
    202,
    { id: record.id, status: record.status, progress: record.progress, links },
    { Location: links.self },
  );
};

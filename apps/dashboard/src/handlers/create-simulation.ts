import { json, type RouteHandler } from "../http/route.js";
import { validate } from "../http/validate.js";
import { buildSimulationPlan, type SimulationPlan } from "../simulations/simulation-plan.js";
import { simulationLinks } from "../simulations/simulation-record.js";
import { simulationRequestSchema } from "../simulations/simulation-request.js";

/**
 * POST /api/simulations: checks the request (shape, then a place in the concurrency limit, then the
 * roster and the CSV), stores the run in Redis and answers 202 while it runs in the background.
 */
export const createSimulationHandler: RouteHandler = async (request, services) => {
  const body = validate(simulationRequestSchema, request.body);
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

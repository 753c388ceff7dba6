import { notFound } from "../http/api-error.js";
import { json, type RouteHandler } from "../http/route.js";
import { simulationLinks } from "../simulations/simulation-record.js";

const SIMULATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** GET /api/simulations/:id: the stored record, from whichever dashboard instance ran it. */
export const getSimulationHandler: RouteHandler = async (request, services) => {
  const id = request.params.id ?? "";
  const record = SIMULATION_ID.test(id) ? await services.simulations.load(id) : undefined;
  if (record === undefined) {
    throw notFound(
      "simulation_not_found",
      "no such simulation (unknown id, or its results expired: DASHBOARD_SIMULATION_TTL_SECONDS)",
      "id",
    );
  }
  return json(200, { ...record, links: simulationLinks(record.id) });
};

import { type Handler, HttpError, json } from "@routing/http-kit";
import type { DashboardServices } from "../services.js";
import { simulationLinks } from "../simulations/simulation-record.js";

const SIMULATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** GET /api/simulations/:id: the stored record, from whichever dashboard instance ran it. */
export const getSimulationHandler: Handler<DashboardServices> = async (request, services) => {
  const id = request.params.id ?? "";
  const record = SIMULATION_ID.test(id) ? await services.simulations.load(id) : undefined;
  if (record === undefined) {
    throw new HttpError(
      404,
      "simulation-not-found",
      "no such simulation (unknown id, or its results expired: DASHBOARD_SIMULATION_TTL_SECONDS)",
      { field: "id" },
    );
  }
  return json(200, { ...record, links: simulationLinks(record.id) });
};

import { badRequest, type Handler, json } from "@routing/http-kit";
import type { DashboardServices } from "../services.js";
import { simulationLinks } from "../simulations/simulation-record.js";

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/**
 * GET /api/simulations?limit=20: the deployment's simulations, newest first (any instance's, while their
 * records last: DASHBOARD_SIMULATION_TTL_SECONDS), without their reports (GET /api/simulations/:id).
 */
export const listSimulationsHandler: Handler<DashboardServices> = async (request, services) => {
  const text = request.query.get("limit");
  const limit = text === null ? DEFAULT_LIMIT : Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw badRequest("invalid-request", `limit must be a whole number from 1 to ${MAX_LIMIT}`, {
      field: "limit",
    });
  }
  const records = await services.simulations.list(limit);
  return json(200, {
    simulations: records.map(({ report: _report, ...record }) => ({
      ...record,
      links: simulationLinks(record.id),
    })),
  });
};

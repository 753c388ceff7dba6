import { type Handler, json } from "@routing/http-kit";
import { readRosterOverview } from "../roster/roster-view.js";
import type { DashboardServices } from "../services.js";

/**
 * GET /api/roster: every followed queue (declared by an ingester within the last hour) with what the roster
 * believes of it: version, staleness and age, members joined and routable, the last skills refresh.
 */
export const listRosterHandler: Handler<DashboardServices> = async (_request, services) =>
  json(200, await readRosterOverview(services.roster));

import { type Handler, json } from "@routing/http-kit";
import { readOverview } from "../overview/read-overview.js";
import type { DashboardServices } from "../services.js";

/** GET /api/overview: queues, decisions per minute, budget use, 429 pauses and stream health, read now. */
export const getOverviewHandler: Handler<DashboardServices> = async (_request, services) =>
  json(200, await readOverview({ ...services.overview, queues: services.queues.all, now: services.now }));

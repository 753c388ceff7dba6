import { type Handler, json } from "@routing/http-kit";
import type { DashboardServices } from "../services.js";

/** GET /api/shadow: per queue, how often Genesys offered the agent our shadow decision ranked first. */
export const shadowSummaryHandler: Handler<DashboardServices> = async (_request, services) =>
  json(200, { queues: await services.shadow.summaries() });

import { type Handler, json } from "@routing/http-kit";
import { parseSearchQuery } from "../decisions/decision-query.js";
import type { DashboardServices } from "../services.js";

/** GET /api/decisions?queueId=&from=&to=&outcome=&cursor=&limit=: decisions newest first, one page. */
export const searchDecisionsHandler: Handler<DashboardServices> = async (request, services) => {
  const page = await services.decisions.search(parseSearchQuery(request.query));
  return json(200, { decisions: page.records, nextCursor: page.nextCursor });
};

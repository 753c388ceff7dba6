import { type Handler, json } from "@routing/http-kit";
import { parsePageQuery, requireGenesysId } from "../decisions/decision-query.js";
import { readRosterQueue } from "../roster/roster-view.js";
import type { DashboardServices } from "../services.js";

/**
 * GET /api/roster/queues/:queueId?limit=&cursor=: the queue's status and one page of its members, routable
 * first, then by id. 400 naming `queueId` when it is not a Genesys id; 404 when the roster holds nothing of it.
 * The members are answered, never logged.
 */
export const getRosterQueueHandler: Handler<DashboardServices> = async (request, services) => {
  const queueId = requireGenesysId("queueId", request.params.queueId);
  return json(200, await readRosterQueue(services.roster, queueId, parsePageQuery(request.query)));
};

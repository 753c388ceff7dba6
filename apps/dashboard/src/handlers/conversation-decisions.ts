import { type Handler, json } from "@routing/http-kit";
import { parsePageQuery, requireGenesysId } from "../decisions/decision-query.js";
import type { DashboardServices } from "../services.js";

/**
 * GET /api/conversations/:id/decisions: every decision the log still holds for a conversation, newest
 * first (`?cursor=&limit=` pages them). An unknown conversation is an empty list: the log cannot tell one
 * it never saw from one whose records expired.
 */
export const conversationDecisionsHandler: Handler<DashboardServices> = async (request, services) => {
  const conversationId = requireGenesysId("id", request.params.id);
  const page = await services.decisions.byConversation(conversationId, parsePageQuery(request.query));
  return json(200, { conversationId, decisions: page.records, nextCursor: page.nextCursor });
};

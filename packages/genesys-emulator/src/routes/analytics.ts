import { parseAggregateQuery, runAggregateQuery } from "../analytics/aggregate-query.js";
import {
  parseConversationDetailQuery,
  runConversationDetailQuery,
} from "../analytics/conversation-detail-query.js";
import { ok, type RouteDefinition } from "../protocol/http/route.js";

export const analyticsRoutes: RouteDefinition[] = [
  {
    method: "POST",
    path: "/api/v2/analytics/conversations/aggregates/query",
    auth: "bearer",
    handler({ body, services }) {
      const query = parseAggregateQuery(body ?? null);
      // Genesys always splits conversation aggregates by media type.
      return ok(runAggregateQuery(services.conversationMetrics.events(), query, ["mediaType"]));
    },
  },
  {
    method: "POST",
    path: "/api/v2/analytics/surveys/aggregates/query",
    auth: "bearer",
    handler({ body, services }) {
      const query = parseAggregateQuery(body ?? null);
      return ok(runAggregateQuery(services.surveyMetrics.events(), query));
    },
  },
  {
    method: "POST",
    path: "/api/v2/analytics/conversations/details/query",
    auth: "bearer",
    handler({ body, services }) {
      const query = parseConversationDetailQuery(body ?? null);
      return ok(runConversationDetailQuery(services.centre.conversations(), query));
    },
  },
];

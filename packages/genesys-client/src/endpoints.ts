/**
 * One Platform API endpoint this client calls, and the SDK operation that documents it
 * (MyPureCloud/platform-client-sdk-javascript v259, `build/docs/{Api}.md`, the `## {operation}` section).
 */
export interface GenesysEndpoint {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** As in `RequestEvent.pathTemplate` and the SDK docs. */
  readonly pathTemplate: string;
  /** `RoutingApi.patchRoutingConversation` */
  readonly operation: string;
}

/**
 * Every API endpoint the client can call (token requests to the login host excepted): a closed set, so
 * metrics can start every endpoint's series at 0 and the README's table of calls is checked against it
 * (`test/endpoints.integration.test.ts` proves each method of the client calls only these).
 */
export const GENESYS_ENDPOINTS: readonly GenesysEndpoint[] = [
  {
    method: "POST",
    pathTemplate: "/api/v2/analytics/conversations/aggregates/query",
    operation: "AnalyticsApi.postAnalyticsConversationsAggregatesQuery",
  },
  {
    method: "POST",
    pathTemplate: "/api/v2/analytics/surveys/aggregates/query",
    operation: "AnalyticsApi.postAnalyticsSurveysAggregatesQuery",
  },
  {
    method: "POST",
    pathTemplate: "/api/v2/analytics/conversations/details/query",
    operation: "ConversationsApi.postAnalyticsConversationsDetailsQuery",
  },
  {
    method: "POST",
    pathTemplate: "/api/v2/conversations/{conversationId}/assign",
    operation: "ConversationsApi.postConversationAssign",
  },
  {
    method: "GET",
    pathTemplate: "/api/v2/conversations/{conversationId}",
    operation: "ConversationsApi.getConversation",
  },
  {
    method: "POST",
    pathTemplate: "/api/v2/conversations/{conversationId}/participants/{participantId}/replace/queue",
    operation: "ConversationsApi.postConversationParticipantReplaceQueue",
  },
  {
    method: "PATCH",
    pathTemplate: "/api/v2/conversations/{conversationId}/participants/{participantId}",
    operation: "ConversationsApi.patchConversationParticipant",
  },
  {
    method: "POST",
    pathTemplate: "/api/v2/notifications/channels",
    operation: "NotificationsApi.postNotificationsChannels",
  },
  {
    method: "PUT",
    pathTemplate: "/api/v2/notifications/channels/{channelId}/subscriptions",
    operation: "NotificationsApi.putNotificationsChannelSubscriptions",
  },
  {
    method: "GET",
    pathTemplate: "/api/v2/routing/queues/{queueId}/members",
    operation: "RoutingApi.getRoutingQueueMembers",
  },
  { method: "GET", pathTemplate: "/api/v2/routing/queues", operation: "RoutingApi.getRoutingQueues" },
  {
    method: "GET",
    pathTemplate: "/api/v2/routing/queues/{queueId}",
    operation: "RoutingApi.getRoutingQueue",
  },
  { method: "GET", pathTemplate: "/api/v2/routing/skills", operation: "RoutingApi.getRoutingSkills" },
  {
    method: "PATCH",
    pathTemplate: "/api/v2/routing/conversations/{conversationId}",
    operation: "RoutingApi.patchRoutingConversation",
  },
  { method: "GET", pathTemplate: "/api/v2/users/{userId}", operation: "UsersApi.getUser" },
  {
    method: "GET",
    pathTemplate: "/api/v2/users/{userId}/routingskills",
    operation: "UsersApi.getUserRoutingskills",
  },
  {
    method: "PUT",
    pathTemplate: "/api/v2/users/{userId}/routingskills/{skillId}",
    operation: "UsersApi.putUserRoutingskill",
  },
  {
    method: "PATCH",
    pathTemplate: "/api/v2/users/{userId}/routingskills/bulk",
    operation: "UsersApi.patchUserRoutingskillsBulk",
  },
];

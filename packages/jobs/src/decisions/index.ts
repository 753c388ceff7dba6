export {
  CATALOG_MEDIA_TYPES,
  type CatalogMediaType,
  type ConversationSnapshot,
  type LegState,
  type ParticipantSnapshot,
  type RoutingRequirements,
} from "./conversation-snapshot.js";
export {
  type ConversationDecisions,
  type DecisionJob,
  decisionsFor,
  type NoDecisionReason,
  type RejectedDecision,
} from "./decisions-for.js";
export { readAnalyticsConversation } from "./read-analytics.js";
export { readNotificationConversation } from "./read-notification.js";

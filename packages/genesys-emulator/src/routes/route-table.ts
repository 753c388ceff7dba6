import { controlRoutes } from "../control/control-routes.js";
import { messageFlowRoutes } from "../message-flows/message-flow-routes.js";
import { oauthRoutes } from "../protocol/auth/oauth-routes.js";
import type { RouteDefinition } from "../protocol/http/route.js";
import { notificationRoutes } from "../protocol/notifications/notification-routes.js";
import { analyticsRoutes } from "./analytics.js";
import { conversationRoutes } from "./conversations.js";
import { participantTransferRoutes } from "./participant-transfers.js";
import { routingDataRoutes } from "./routing-data.js";
import { userRoutingRoutes } from "./user-routing.js";
import { userRoutes } from "./users.js";

/** Every HTTP route the emulator serves, in one table. */
export const ROUTE_TABLE: readonly RouteDefinition[] = [
  ...oauthRoutes,
  ...notificationRoutes,
  ...routingDataRoutes,
  ...userRoutingRoutes,
  ...userRoutes,
  ...conversationRoutes,
  ...participantTransferRoutes,
  ...analyticsRoutes,
  ...controlRoutes,
  ...messageFlowRoutes,
];

import { controlRoutes } from "../control/control-routes.js";
import type { RouteDefinition } from "../http/route.js";
import { analyticsRoutes } from "./analytics.js";
import { chatRoutes } from "./chats.js";
import { conversationRoutes } from "./conversations.js";
import { notificationRoutes } from "./notifications.js";
import { oauthRoutes } from "./oauth.js";
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
  ...analyticsRoutes,
  ...chatRoutes,
  ...controlRoutes,
];

export { averageHandleTimeMsByUser, mergeAggregateResponses, splitInterval } from "./analytics-intervals.js";
export type { AnalyticsApi, DetailListOptions } from "./api/analytics.js";
export { type CallOptions, type PageOptions, REQUEST_LANES, type RequestLane } from "./api/call-options.js";
export type { ConversationsApi } from "./api/conversations.js";
export type { NotificationsApi } from "./api/notifications.js";
export type { NamedListOptions, QueueMembersOptions, RoutingApi } from "./api/routing.js";
export type { GetUserOptions, UsersApi } from "./api/users.js";
export { backoffCeilingMs, fullJitterDelayMs } from "./backoff.js";
export {
  DEFAULT_LANE,
  DEFAULT_LANE_SHARES,
  type LaneShare,
  type LaneShares,
  type LaneSharesOptions,
  resolveLaneShares,
} from "./budget/lanes.js";
export { createLocalRateBudget, type LocalRateBudgetOptions } from "./budget/local-rate-budget.js";
export type { CircuitState } from "./circuit-breaker.js";
export { createGenesysClient, type GenesysClient } from "./client.js";
export { GENESYS_ENDPOINTS, type GenesysEndpoint } from "./endpoints.js";
export {
  GenesysApiError,
  type GenesysApiErrorInit,
  GenesysAuthError,
  GenesysCircuitOpenError,
  type GenesysCircuitOpenErrorInit,
  GenesysClientOptionsError,
  type GenesysErrorDetail,
  GenesysNetworkError,
  GenesysRateLimitError,
  type GenesysRateLimitErrorInit,
  GenesysTokenRejectedError,
  GenesysValidationError,
  isPermanentGenesysError,
} from "./errors.js";
export { createMemoryTokenStore, type MemoryTokenStoreOptions } from "./memory-token-store.js";
export type * from "./models.js";
export {
  type AddedTopics,
  createDynamicNotificationStream,
  type DynamicNotificationStream,
  type DynamicNotificationStreamOptions,
} from "./notification-stream/dynamic-topic-stream.js";
export type { NotificationEvent } from "./notification-stream/frames.js";
export {
  createNotificationStream,
  type NotificationStream,
} from "./notification-stream/notification-stream.js";
export type {
  NotificationChannelStats,
  NotificationChannelStatus,
  NotificationStreamCounters,
  NotificationStreamStats,
} from "./notification-stream/stats.js";
export {
  GenesysNotificationStreamError,
  type GenesysNotificationStreamErrorCode,
  type GenesysNotificationStreamErrorInit,
} from "./notification-stream/stream-error.js";
export {
  NOTIFICATION_STREAM_DEFAULTS,
  type NotificationGap,
  type NotificationGapReason,
  type NotificationStreamOptions,
  type NotificationStreamState,
} from "./notification-stream/stream-options.js";
export {
  type CreateNotificationSocket,
  createWsNotificationSocket,
  type NotificationSocket,
  type NotificationSocketHandlers,
} from "./notification-stream/web-socket.js";
export type { ClientEvent, ClientEventObserver, RequestEvent, RequestObserver } from "./observer.js";
export { DEFAULTS as GENESYS_CLIENT_DEFAULTS, type GenesysClientOptions } from "./options.js";
export {
  OBSERVED_LIMIT_TTL_WINDOWS,
  type PausableRateBudget,
  type RateBudget,
  type RateBudgetOptions,
  type RateBudgetRequest,
} from "./rate-budget.js";
export {
  findRateBudgets,
  type RateBudgetUsage,
  type RedisBudgetReader,
  readRateBudgetUsage,
} from "./rate-budget-usage.js";
export {
  createRedisRateBudget,
  type RedisRateBudget,
  type RedisRateBudgetOptions,
  type RedisScriptRunner,
} from "./redis-rate-budget.js";
export { createRedisTokenStore, type RedisLike, type RedisTokenStoreOptions } from "./redis-token-store.js";
export { GENESYS_REGIONS, type GenesysBaseUrls, type GenesysRegion, resolveBaseUrls } from "./regions.js";
export { parseRetryAfterMs, type RateLimitHeaders } from "./response-headers.js";
export type { RateLimitMode } from "./retry-policy.js";
export type { StoredToken, TokenStore, TokenStoreLock } from "./token-store.js";

import { type AnalyticsApi, createAnalyticsApi } from "./api/analytics.js";
import { type ConversationsApi, createConversationsApi } from "./api/conversations.js";
import { createNotificationsApi, type NotificationsApi } from "./api/notifications.js";
import { createRoutingApi, type RoutingApi } from "./api/routing.js";
import { createUsersApi, type UsersApi } from "./api/users.js";
import { createApiTransport } from "./api-transport.js";
import { createHttpExecutor } from "./http-executor.js";
import { createMemoryTokenStore } from "./memory-token-store.js";
import { type GenesysClientOptions, resolveOptions } from "./options.js";
import { createRedactor } from "./redaction.js";
import { createTokenProvider } from "./token-provider.js";
import { createTokenRequester } from "./token-request.js";

export interface GenesysClient {
  readonly notifications: NotificationsApi;
  readonly users: UsersApi;
  readonly routing: RoutingApi;
  readonly conversations: ConversationsApi;
  readonly analytics: AnalyticsApi;
  /** A valid access token (cached, shared, refreshed ahead of expiry), e.g. for the notifications WebSocket. */
  getAccessToken(signal?: AbortSignal): Promise<string>;
}

/** Builds a client. Throws GenesysClientOptionsError (naming the option) for a bad option; sends nothing. */
export function createGenesysClient(options: GenesysClientOptions): GenesysClient {
  const resolved = resolveOptions(options);
  const { clientId, clientSecret } = resolved;
  const redactor = createRedactor([
    clientSecret,
    Buffer.from(`${clientId}:${clientSecret}`, "utf8").toString("base64"),
  ]);
  const executor = createHttpExecutor({
    timeoutMs: resolved.timeoutMs,
    retryPolicy: resolved.retryPolicy,
    onRequest: resolved.onRequest,
    now: resolved.now,
    random: resolved.random,
  });
  const tokens = createTokenProvider({
    clientId,
    loginBaseUrl: resolved.loginBaseUrl,
    store: resolved.tokenStore ?? createMemoryTokenStore({ now: resolved.now }),
    requestToken: createTokenRequester({
      loginBaseUrl: resolved.loginBaseUrl,
      clientId,
      clientSecret,
      executor,
      redactor,
      retryPolicy: resolved.retryPolicy,
      now: resolved.now,
    }),
    refreshMarginMs: resolved.tokenRefreshMarginMs,
    lockTtlMs: resolved.tokenLockTtlMs,
    waitTimeoutMs: resolved.tokenWaitTimeoutMs,
    pollIntervalMs: resolved.tokenPollIntervalMs,
    authFailureCooldownMs: resolved.authFailureCooldownMs,
    now: resolved.now,
  });
  const transport = createApiTransport({
    apiBaseUrl: resolved.apiBaseUrl,
    executor,
    tokens,
    rateBudget: resolved.rateBudget,
    redactor,
    retryPolicy: resolved.retryPolicy,
    now: resolved.now,
  });

  return {
    notifications: createNotificationsApi(transport),
    users: createUsersApi(transport),
    routing: createRoutingApi(transport, { maxScoredAgents: resolved.maxScoredAgents }),
    conversations: createConversationsApi(transport),
    analytics: createAnalyticsApi(transport, { maxIntervalDays: resolved.analyticsMaxIntervalDays }),
    getAccessToken: (signal) => tokens.getAccessToken(signal),
  };
}

import { type AnalyticsApi, createAnalyticsApi } from "./api/analytics.js";
import { type ConversationsApi, createConversationsApi } from "./api/conversations.js";
import { createNotificationsApi, type NotificationsApi } from "./api/notifications.js";
import { createRoutingApi, type RoutingApi } from "./api/routing.js";
import { createUsersApi, type UsersApi } from "./api/users.js";
import { createApiTransport } from "./api-transport.js";
import { createCircuitBreakers } from "./circuit-breaker.js";
import { createHttpExecutor } from "./http-executor.js";
import { createMemoryTokenStore } from "./memory-token-store.js";
import { notifyClientEvent } from "./observer.js";
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
  /** When the token the next call would use expires (epoch ms), minting one first if needed. */
  accessTokenExpiresAt(signal?: AbortSignal): Promise<number>;
  /**
   * Forgets the current token here and in the shared store, so that the next call (in any process) mints a
   * new one: what to do on `v2.system.token_revoked`.
   */
  invalidateAccessToken(): Promise<void>;
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
    sendMarginMs: resolved.timeoutMs + 1_000,
    lockTtlMs: resolved.tokenLockTtlMs,
    waitTimeoutMs: resolved.tokenWaitTimeoutMs,
    pollIntervalMs: resolved.tokenPollIntervalMs,
    authFailureCooldownMs: resolved.authFailureCooldownMs,
    now: resolved.now,
  });
  const breakers = createCircuitBreakers({
    failureThreshold: resolved.circuitFailureThreshold,
    coolDownMs: resolved.circuitCoolDownMs,
    now: resolved.now,
    onTransition: (endpoint, state, consecutiveFailures) =>
      notifyClientEvent(resolved.onClientEvent, {
        kind:
          state === "open"
            ? "circuit-opened"
            : state === "half-open"
              ? "circuit-half-open"
              : "circuit-closed",
        method: endpoint.method,
        pathTemplate: endpoint.pathTemplate,
        consecutiveFailures,
      }),
  });
  const transport = createApiTransport({
    apiBaseUrl: resolved.apiBaseUrl,
    executor,
    tokens,
    rateBudget: resolved.rateBudget,
    breakers,
    redactor,
    retryPolicy: resolved.retryPolicy,
    maxTokenReplays: resolved.maxTokenReplays,
    onClientEvent: resolved.onClientEvent,
    now: resolved.now,
  });

  return {
    notifications: createNotificationsApi(transport),
    users: createUsersApi(transport),
    routing: createRoutingApi(transport, { maxScoredAgents: resolved.maxScoredAgents }),
    conversations: createConversationsApi(transport),
    analytics: createAnalyticsApi(transport, { maxIntervalDays: resolved.analyticsMaxIntervalDays }),
    getAccessToken: (signal) => tokens.getAccessToken(signal),
    accessTokenExpiresAt: async (signal) => (await tokens.getToken(signal)).expiresAtMs,
    invalidateAccessToken: () => tokens.invalidateCurrent(),
  };
}

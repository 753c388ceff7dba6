import {
  type ClientEventObserver,
  createGenesysClient,
  createRedisRateBudget,
  createRedisTokenStore,
  type GenesysClient,
  type GenesysClientOptions,
  type LaneSharesOptions,
  type RedisLike,
  type RedisRateBudget,
  type RedisScriptRunner,
  type RequestObserver,
} from "@routing/genesys-client";
import type { GenesysTarget } from "./genesys-target.js";

/** Client settings an app may tune; everything else is fixed by the runtime (token store, budget). */
export type GenesysClientTuning = Pick<
  GenesysClientOptions,
  "timeoutMs" | "maxRetries" | "maxTokenReplays" | "circuitFailureThreshold" | "circuitCoolDownMs"
>;

export interface GenesysRuntimeOptions {
  readonly target: GenesysTarget;
  /** Shared by every process of the deployment: the token and the rate budget live here (an ioredis `Redis`). */
  readonly redis: RedisLike & RedisScriptRunner;
  /** The deployment's key prefix (BULLMQ_PREFIX); the OAuth client id is added so two clients never share. */
  readonly keyPrefix: string;
  /**
   * The shared budget: requests in any sliding window of `windowMs`, every process and lane together. The
   * budget also keeps below the `inin-ratelimit-allowed` Genesys reports.
   */
  readonly rateLimit: { readonly limit: number; readonly windowMs: number };
  /**
   * Shares of the budget per lane (decision, notifications, roster, reconciliation, skills, recovery,
   * maintenance), merged over the client's defaults: decisions reserve half and may use all of it,
   * notifications reserve 5 % (at most 25 %), and the background lanes are capped (recovery 30 %, roster 30 %,
   * reconciliation 20 %, skills 20 %, maintenance 10 %) with nothing reserved.
   * @defaultValue DEFAULT_LANE_SHARES of @routing/genesys-client (README "Budget lanes")
   */
  readonly lanes?: LaneSharesOptions;
  /**
   * Padding of the budget's window for the time between a grant and the request's arrival at Genesys.
   * @defaultValue `min(1 000, windowMs / 20)` ms
   */
  readonly arrivalJitterMs?: number;
  /** Timeouts, retries, 401 replays and circuit breakers (the client's defaults otherwise). */
  readonly client?: GenesysClientTuning;
  readonly onRequest?: RequestObserver;
  /** Circuit transitions and rejections, skipped retries, replaced tokens (genesysClientEventMetrics). */
  readonly onClientEvent?: ClientEventObserver;
}

export interface GenesysRuntime {
  readonly client: GenesysClient;
  /** The shared budget: `pauseFor(retryAfterMs)` after a 429 holds every process. */
  readonly budget: RedisRateBudget;
}

/**
 * The Genesys client as every app process must use it: one token per OAuth client shared through Redis
 * (token creation is rate limited too) and one lane-aware sliding-window budget shared by all processes, so
 * that scaling workers out never scales the request rate past what Genesys allows, and background work
 * never starves routing decisions or the ingester's channels.
 */
export function createGenesysRuntime(options: GenesysRuntimeOptions): GenesysRuntime {
  const { target } = options;
  // Per OAuth client, because Genesys counts per token; the id is not secret, but keep keys short and opaque.
  const clientKey = Buffer.from(target.clientId).toString("base64url").slice(0, 32);
  const keyPrefix = `${options.keyPrefix}:genesys:${clientKey}:`;
  const budget = createRedisRateBudget(options.redis, {
    keyPrefix,
    ...options.rateLimit,
    ...(options.lanes === undefined ? {} : { lanes: options.lanes }),
    ...(options.arrivalJitterMs === undefined ? {} : { arrivalJitterMs: options.arrivalJitterMs }),
  });
  const client = createGenesysClient({
    ...options.client,
    clientId: target.clientId,
    clientSecret: target.clientSecret,
    ...(target.region === undefined ? {} : { region: target.region }),
    ...(target.apiBaseUrl === undefined ? {} : { apiBaseUrl: target.apiBaseUrl }),
    ...(target.loginBaseUrl === undefined ? {} : { loginBaseUrl: target.loginBaseUrl }),
    tokenStore: createRedisTokenStore(options.redis, { keyPrefix }),
    rateBudget: budget,
    ...(options.onRequest === undefined ? {} : { onRequest: options.onRequest }),
    ...(options.onClientEvent === undefined ? {} : { onClientEvent: options.onClientEvent }),
  });
  return { client, budget };
}

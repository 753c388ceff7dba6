import {
  createGenesysClient,
  createRedisRateBudget,
  createRedisTokenStore,
  type GenesysClient,
  type RedisLike,
  type RedisRateBudget,
  type RequestObserver,
} from "@routing/genesys-client";
import type { GenesysTarget } from "./genesys-target.js";

export interface GenesysRuntimeOptions {
  readonly target: GenesysTarget;
  /** Shared by every process of the deployment: the token and the rate budget live here. */
  readonly redis: RedisLike;
  /** The deployment's key prefix (BULLMQ_PREFIX); the OAuth client id is added so two clients never share. */
  readonly keyPrefix: string;
  readonly rateLimit: { readonly limit: number; readonly windowMs: number };
  readonly onRequest?: RequestObserver;
}

export interface GenesysRuntime {
  readonly client: GenesysClient;
  /** The shared budget: `pauseFor(retryAfterMs)` after a 429 holds every process. */
  readonly budget: RedisRateBudget;
}

/**
 * The Genesys client as every app process must use it: one token per OAuth client shared through Redis
 * (token creation is rate limited too) and one sliding-window budget shared by all processes, so that
 * scaling workers out never scales the request rate past what Genesys allows.
 */
export function createGenesysRuntime(options: GenesysRuntimeOptions): GenesysRuntime {
  const { target } = options;
  // Per OAuth client, because Genesys counts per token; the id is not secret, but keep keys short and opaque.
  const clientKey = Buffer.from(target.clientId).toString("base64url").slice(0, 32);
  const keyPrefix = `${options.keyPrefix}:genesys:${clientKey}:`;
  const budget = createRedisRateBudget(options.redis, { keyPrefix, ...options.rateLimit });
  const client = createGenesysClient({
    clientId: target.clientId,
    clientSecret: target.clientSecret,
    ...(target.region === undefined ? {} : { region: target.region }),
    ...(target.apiBaseUrl === undefined ? {} : { apiBaseUrl: target.apiBaseUrl }),
    ...(target.loginBaseUrl === undefined ? {} : { loginBaseUrl: target.loginBaseUrl }),
    tokenStore: createRedisTokenStore(options.redis, { keyPrefix }),
    rateBudget: budget,
    ...(options.onRequest === undefined ? {} : { onRequest: options.onRequest }),
  });
  return { client, budget };
}

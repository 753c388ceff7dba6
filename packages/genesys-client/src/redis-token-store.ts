import { randomUUID } from "node:crypto";
import { GenesysClientOptionsError } from "./errors.js";
import {
  parseStoredToken,
  type StoredToken,
  serialiseStoredToken,
  type TokenStore,
  type TokenStoreLock,
} from "./token-store.js";

/**
 * The few Redis commands the store needs. An ioredis `Redis` or `Cluster` instance satisfies it, so this
 * package does not depend on a Redis client.
 */
export interface RedisLike {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, expiryMode: "PX", ttlMs: number): Promise<unknown>;
  set(key: string, value: string, expiryMode: "PX", ttlMs: number, condition: "NX"): Promise<"OK" | null>;
  eval(script: string, numberOfKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

export interface RedisTokenStoreOptions {
  /** Prepended to every key, e.g. "routing:genesys:". Required so deployments sharing a Redis never collide. */
  readonly keyPrefix: string;
  /** Clock in epoch milliseconds (default `Date.now`). */
  readonly now?: () => number;
}

// Compare-and-delete in one round trip: a GET then DEL could delete a value written in between.
const DELETE_IF_EQUALS = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;
const DELETE_TOKEN_IF_MATCHES = `local raw = redis.call("GET", KEYS[1])
if not raw then return 0 end
local ok, token = pcall(cjson.decode, raw)
if ok and type(token) == "table" and token.accessToken == ARGV[1] then return redis.call("DEL", KEYS[1]) end
return 0`;

/**
 * Shares one token between every process of a deployment. The token expires with itself (PX), the
 * refresh lock is `SET NX PX` with a random owner id and is only deleted by that owner.
 */
export function createRedisTokenStore(redis: RedisLike, options: RedisTokenStoreOptions): TokenStore {
  if (typeof options?.keyPrefix !== "string" || options.keyPrefix === "") {
    throw new GenesysClientOptionsError("keyPrefix", "must be a non-empty string");
  }
  const { keyPrefix } = options;
  const now = options.now ?? Date.now;

  return {
    async get(key) {
      return parseStoredToken(await redis.get(keyPrefix + key));
    },
    async set(key, token: StoredToken) {
      const ttlMs = Math.floor(token.expiresAtMs - now());
      if (ttlMs <= 0) return;
      await redis.set(keyPrefix + key, serialiseStoredToken(token), "PX", ttlMs);
    },
    async deleteIfMatches(key, accessToken) {
      await redis.eval(DELETE_TOKEN_IF_MATCHES, 1, keyPrefix + key, accessToken);
    },
    async tryLock(key, ttlMs): Promise<TokenStoreLock | undefined> {
      const owner = randomUUID();
      const lockKey = keyPrefix + key;
      const acquired = await redis.set(lockKey, owner, "PX", Math.max(1, Math.ceil(ttlMs)), "NX");
      if (acquired !== "OK") return undefined;
      return {
        async release() {
          return (await redis.eval(DELETE_IF_EQUALS, 1, lockKey, owner)) === 1;
        },
      };
    },
  };
}

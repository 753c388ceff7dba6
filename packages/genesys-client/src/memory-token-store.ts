import { randomUUID } from "node:crypto";
import type { StoredToken, TokenStore, TokenStoreLock } from "./token-store.js";

export interface MemoryTokenStoreOptions {
  /** Clock in epoch milliseconds (default `Date.now`). */
  readonly now?: () => number;
}

/**
 * A token store for one process. Several clients built with the same instance share one token and one
 * refresh; it is also what a client uses when no store is given.
 */
export function createMemoryTokenStore(options: MemoryTokenStoreOptions = {}): TokenStore {
  const now = options.now ?? Date.now;
  const tokens = new Map<string, StoredToken>();
  const locks = new Map<string, { readonly owner: string; readonly expiresAtMs: number }>();

  return {
    async get(key) {
      const token = tokens.get(key);
      if (token !== undefined && token.expiresAtMs <= now()) {
        tokens.delete(key);
        return undefined;
      }
      return token;
    },
    async set(key, token) {
      tokens.set(key, token);
    },
    async deleteIfMatches(key, accessToken) {
      if (tokens.get(key)?.accessToken === accessToken) tokens.delete(key);
    },
    async tryLock(key, ttlMs): Promise<TokenStoreLock | undefined> {
      const held = locks.get(key);
      if (held !== undefined && held.expiresAtMs > now()) return undefined;
      const owner = randomUUID();
      locks.set(key, { owner, expiresAtMs: now() + ttlMs });
      return {
        async release() {
          const current = locks.get(key);
          if (current?.owner !== owner || current.expiresAtMs <= now()) return false;
          locks.delete(key);
          return true;
        },
      };
    },
  };
}

import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { GenesysAuthError } from "./errors.js";
import type { RequestToken } from "./token-request.js";
import type { StoredToken, TokenStore } from "./token-store.js";

export interface TokenProviderOptions {
  readonly clientId: string;
  readonly loginBaseUrl: string;
  readonly store: TokenStore;
  readonly requestToken: RequestToken;
  readonly refreshMarginMs: number;
  readonly lockTtlMs: number;
  readonly waitTimeoutMs: number;
  readonly pollIntervalMs: number;
  /** How long rejected credentials keep failing fast (0 = never). */
  readonly authFailureCooldownMs: number;
  readonly now: () => number;
}

export interface TokenProvider {
  getAccessToken(signal?: AbortSignal): Promise<string>;
  /** Forgets `accessToken` (after a 401) here and in the store, unless it was already replaced. */
  invalidate(accessToken: string): Promise<void>;
}

/** The store key: a hash, so neither the client id nor (of course) the secret appears in Redis keys. */
export function tokenKeyFor(loginBaseUrl: string, clientId: string): string {
  return createHash("sha256").update(`${loginBaseUrl}\n${clientId}`).digest("hex").slice(0, 40);
}

/** The login host refused the client id/secret itself: asking again with the same ones cannot succeed. */
function isRejectedCredentials(error: unknown): error is GenesysAuthError {
  return error instanceof GenesysAuthError && (error.status === 400 || error.status === 401);
}

function lifetimeMs(token: StoredToken): number {
  return Math.max(0, token.expiresAtMs - token.issuedAtMs);
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Hands out access tokens. Within a process concurrent callers share one in-flight refresh; across
 * processes the store's lock lets one of them mint while the others keep using a still-valid token or
 * poll the store for the new one.
 */
export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const { store, now } = options;
  const key = `token:${tokenKeyFor(options.loginBaseUrl, options.clientId)}`;
  const lockKey = `token-lock:${tokenKeyFor(options.loginBaseUrl, options.clientId)}`;
  let cached: StoredToken | undefined;
  let inFlight: Promise<string> | undefined;
  let rejectedCredentials: { readonly error: GenesysAuthError; readonly untilMs: number } | undefined;

  // Refresh ahead of expiry, but never more than half the lifetime ahead: short-lived tokens
  // (tests, a 5-minute client) would otherwise be refreshed on every call.
  const isFresh = (token: StoredToken) =>
    now() < token.expiresAtMs - Math.min(options.refreshMarginMs, lifetimeMs(token) / 2);
  const isUsable = (token: StoredToken) => now() < token.expiresAtMs - Math.min(1000, lifetimeMs(token) / 4);

  const mintUnderLock = async (): Promise<string | undefined> => {
    const lock = await store.tryLock(lockKey, options.lockTtlMs);
    if (lock === undefined) return undefined;
    try {
      // Another process may have stored a token between our read and our lock.
      const stored = await store.get(key);
      if (stored !== undefined && isFresh(stored)) {
        cached = stored;
        return stored.accessToken;
      }
      const token = await options.requestToken();
      await store.set(key, token);
      cached = token;
      return token.accessToken;
    } finally {
      await lock.release().catch(() => false);
    }
  };

  const obtain = async (): Promise<string> => {
    const deadline = now() + options.waitTimeoutMs;
    for (;;) {
      const stored = await store.get(key);
      if (stored !== undefined && isFresh(stored)) {
        cached = stored;
        return stored.accessToken;
      }
      const minted = await mintUnderLock();
      if (minted !== undefined) return minted;
      // Somebody else is refreshing: keep working with the old token while it is still valid.
      if (stored !== undefined && isUsable(stored)) return stored.accessToken;
      if (now() >= deadline) {
        throw new GenesysAuthError({
          message: `No access token after waiting ${options.waitTimeoutMs} ms for another process to refresh it`,
          status: 0,
          code: "token.refresh.timeout",
          method: "POST",
          pathTemplate: "/oauth/token",
          retryable: true,
        });
      }
      await sleep(options.pollIntervalMs);
    }
  };

  return {
    getAccessToken(signal) {
      if (cached !== undefined && isFresh(cached)) return Promise.resolve(cached.accessToken);
      if (rejectedCredentials !== undefined && now() < rejectedCredentials.untilMs) {
        return Promise.reject(rejectedCredentials.error);
      }
      if (inFlight === undefined) {
        inFlight = obtain()
          .catch((error: unknown) => {
            if (options.authFailureCooldownMs > 0 && isRejectedCredentials(error)) {
              rejectedCredentials = { error, untilMs: now() + options.authFailureCooldownMs };
            }
            throw error;
          })
          .finally(() => {
            inFlight = undefined;
          });
      }
      return abortable(inFlight, signal);
    },
    async invalidate(accessToken) {
      if (cached?.accessToken === accessToken) cached = undefined;
      await store.deleteIfMatches(key, accessToken);
    },
  };
}

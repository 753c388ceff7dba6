import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { GenesysAuthError } from "./errors.js";
import type { RequestToken } from "./token-request.js";
import type { StoredToken, TokenStore } from "./token-store.js";

/** How long the first rejection of the credentials fails fast; doubled for each further one in a row. */
const FIRST_AUTH_FAILURE_COOLDOWN_MS = 1_000;

export interface TokenProviderOptions {
  readonly clientId: string;
  readonly loginBaseUrl: string;
  readonly store: TokenStore;
  readonly requestToken: RequestToken;
  readonly refreshMarginMs: number;
  /**
   * A token must stay valid this long after a request leaves (the request timeout and a second), but never
   * more than a third of its lifetime: a token shorter than that cannot do better.
   */
  readonly sendMarginMs: number;
  readonly lockTtlMs: number;
  readonly waitTimeoutMs: number;
  readonly pollIntervalMs: number;
  /**
   * The longest rejected credentials keep failing fast (0 = never). The first rejection fails fast for
   * `FIRST_AUTH_FAILURE_COOLDOWN_MS`, each further one in a row twice as long, up to this.
   */
  readonly authFailureCooldownMs: number;
  readonly now: () => number;
}

export interface TokenProvider {
  getAccessToken(signal?: AbortSignal): Promise<string>;
  /** A fresh token with its expiry (refreshed ahead of expiry, shared through the store). */
  getToken(signal?: AbortSignal): Promise<StoredToken>;
  /** The cached token if it may still be sent now (it outlives the send margin), without any I/O. */
  peekSendable(): StoredToken | undefined;
  /** Whether `token` may be sent now: it stays valid for the send margin. */
  isSendable(token: StoredToken): boolean;
  /** Forgets `accessToken` (after a 401) here and in the store, unless it was already replaced. */
  invalidate(accessToken: string): Promise<void>;
  /** Forgets whatever token is current here and in the store (after `v2.system.token_revoked`). */
  invalidateCurrent(): Promise<void>;
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
  let inFlight: Promise<StoredToken> | undefined;
  let rejectedCredentials: { readonly error: GenesysAuthError; readonly untilMs: number } | undefined;
  let rejectionsInARow = 0;

  const sendMarginMs = (token: StoredToken) => Math.min(options.sendMarginMs, lifetimeMs(token) / 3);
  const isSendable = (token: StoredToken) => now() < token.expiresAtMs - sendMarginMs(token);
  // Refresh ahead of expiry, but never more than half the lifetime ahead: short-lived tokens
  // (tests, a 5-minute client) would otherwise be refreshed on every call. A token handed out must also
  // outlive the send margin (a request may wait for the budget after getting it).
  const isFresh = (token: StoredToken) =>
    now() <
    token.expiresAtMs -
      Math.max(Math.min(options.refreshMarginMs, lifetimeMs(token) / 2), sendMarginMs(token));
  const isUsable = isSendable;

  const mintUnderLock = async (): Promise<StoredToken | undefined> => {
    const lock = await store.tryLock(lockKey, options.lockTtlMs);
    if (lock === undefined) return undefined;
    try {
      // Another process may have stored a token between our read and our lock.
      const stored = await store.get(key);
      if (stored !== undefined && isFresh(stored)) {
        cached = stored;
        return stored;
      }
      const token = await options.requestToken();
      await store.set(key, token);
      cached = token;
      return token;
    } finally {
      await lock.release().catch(() => false);
    }
  };

  const obtain = async (): Promise<StoredToken> => {
    const deadline = now() + options.waitTimeoutMs;
    for (;;) {
      const stored = await store.get(key);
      if (stored !== undefined && isFresh(stored)) {
        cached = stored;
        return stored;
      }
      const minted = await mintUnderLock();
      if (minted !== undefined) return minted;
      // Somebody else is refreshing: keep working with the old token while it may still be sent.
      if (stored !== undefined && isUsable(stored)) return stored;
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

  const getToken = (signal?: AbortSignal): Promise<StoredToken> => {
    if (cached !== undefined && isFresh(cached)) return Promise.resolve(cached);
    if (rejectedCredentials !== undefined && now() < rejectedCredentials.untilMs) {
      return Promise.reject(rejectedCredentials.error);
    }
    if (inFlight === undefined) {
      inFlight = obtain()
        .then((token) => {
          rejectionsInARow = 0;
          return token;
        })
        .catch((error: unknown) => {
          if (options.authFailureCooldownMs > 0 && isRejectedCredentials(error)) {
            // One rejection may be a blip (a revoked token's refresh racing a rotation): ask again soon.
            // Rejections in a row are bad credentials: back off up to the full cool-down, never hammering
            // the login host, never giving up for good.
            rejectionsInARow++;
            const cooldownMs = Math.min(
              options.authFailureCooldownMs,
              FIRST_AUTH_FAILURE_COOLDOWN_MS * 2 ** Math.min(rejectionsInARow - 1, 20),
            );
            rejectedCredentials = { error, untilMs: now() + cooldownMs };
          }
          throw error;
        })
        .finally(() => {
          inFlight = undefined;
        });
    }
    return abortable(inFlight, signal);
  };

  return {
    async getAccessToken(signal) {
      return (await getToken(signal)).accessToken;
    },
    getToken,
    peekSendable: () => (cached !== undefined && isSendable(cached) ? cached : undefined),
    isSendable,
    async invalidate(accessToken) {
      if (cached?.accessToken === accessToken) cached = undefined;
      await store.deleteIfMatches(key, accessToken);
    },
    async invalidateCurrent() {
      const current = cached ?? (await store.get(key));
      cached = undefined;
      if (current !== undefined) await store.deleteIfMatches(key, current.accessToken);
    },
  };
}

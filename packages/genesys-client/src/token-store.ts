/** An access token as shared between the processes of one deployment. */
export interface StoredToken {
  readonly accessToken: string;
  /** Epoch milliseconds when Genesys minted it (by our clock). */
  readonly issuedAtMs: number;
  /** Epoch milliseconds when it stops being valid. */
  readonly expiresAtMs: number;
}

export interface TokenStoreLock {
  /** Releases the lock if this holder still owns it; resolves false when it had expired or been taken over. */
  release(): Promise<boolean>;
}

/**
 * Where tokens live. One token per client id is shared by every client instance that uses the same store,
 * and the lock makes sure only one of them asks the login host for a new one.
 */
export interface TokenStore {
  get(key: string): Promise<StoredToken | undefined>;
  /** Stores the token; it must disappear by itself at `token.expiresAtMs`. */
  set(key: string, token: StoredToken): Promise<void>;
  /** Deletes the token only if it is still `accessToken`, so a newer one is never thrown away. */
  deleteIfMatches(key: string, accessToken: string): Promise<void>;
  /** Takes the lock for `ttlMs` if nobody holds it; undefined when somebody does. */
  tryLock(key: string, ttlMs: number): Promise<TokenStoreLock | undefined>;
}

export function parseStoredToken(raw: string | null | undefined): StoredToken | undefined {
  if (raw === null || raw === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== "object") return undefined;
  const record = value as Record<string, unknown>;
  const { accessToken, issuedAtMs, expiresAtMs } = record;
  if (typeof accessToken !== "string" || accessToken === "") return undefined;
  if (typeof issuedAtMs !== "number" || typeof expiresAtMs !== "number") return undefined;
  return { accessToken, issuedAtMs, expiresAtMs };
}

export function serialiseStoredToken(token: StoredToken): string {
  return JSON.stringify({
    accessToken: token.accessToken,
    issuedAtMs: token.issuedAtMs,
    expiresAtMs: token.expiresAtMs,
  });
}

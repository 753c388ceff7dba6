import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Clock, TimerId } from "../../time/clock.js";

export interface EmulatorCredentials {
  clientId: string;
  clientSecret: string;
}

/** What the emulator remembers about a minted token. The token string itself is only a map key. */
export interface TokenRecord {
  /** Opaque and safe to log ("token-3"); never the token. */
  readonly tokenId: string;
  readonly clientId: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

export type TokenResolution =
  | { valid: true; record: TokenRecord }
  | { valid: false; reason: "unknown" | "expired" | "revoked" };

export type TokenInvalidation = "expired" | "revoked";

export interface MintedToken {
  accessToken: string;
  expiresInSeconds: number;
  record: TokenRecord;
}

export interface TokenStore {
  /** The client id when the pair is known, else undefined. Compares secrets in constant time. */
  authenticateClient(clientId: string, clientSecret: string): string | undefined;
  mint(clientId: string): MintedToken;
  resolve(accessToken: string): TokenResolution;
  /** Every token minted so far stops working; returns the records that were still live. */
  revokeAll(): TokenRecord[];
  /**
   * Called once per token when it expires or is revoked. Channels created with it close on revocation only;
   * an expired token only stops answering (401).
   */
  onInvalidated(listener: (record: TokenRecord, reason: TokenInvalidation) => void): void;
  dispose(): void;
}

export interface TokenStoreOptions {
  clock: Clock;
  credentials: readonly EmulatorCredentials[];
  tokenLifetimeSeconds: number;
}

interface LiveToken {
  record: TokenRecord;
  revoked: boolean;
  expiryTimer: TimerId;
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

export function createTokenStore(options: TokenStoreOptions): TokenStore {
  const { clock } = options;
  const secretsByClient = new Map(
    options.credentials.map((pair) => [pair.clientId, digest(pair.clientSecret)]),
  );
  const tokens = new Map<string, LiveToken>();
  const listeners: Array<(record: TokenRecord, reason: TokenInvalidation) => void> = [];
  let tokenCounter = 0;

  const notify = (record: TokenRecord, reason: TokenInvalidation): void => {
    for (const listener of listeners) listener(record, reason);
  };

  return {
    authenticateClient(clientId, clientSecret) {
      const expected = secretsByClient.get(clientId);
      if (expected === undefined) return undefined;
      return timingSafeEqual(expected, digest(clientSecret)) ? clientId : undefined;
    },
    mint(clientId) {
      const accessToken = randomBytes(48).toString("base64url");
      const issuedAt = clock.now();
      const lifetimeMs = options.tokenLifetimeSeconds * 1000;
      tokenCounter += 1;
      const record: TokenRecord = {
        tokenId: `token-${tokenCounter}`,
        clientId,
        issuedAt,
        expiresAt: issuedAt + lifetimeMs,
      };
      const expiryTimer = clock.schedule(lifetimeMs, () => {
        const live = tokens.get(accessToken);
        // Expired tokens stay known so that they keep answering 401 rather than looking never minted.
        if (live !== undefined && !live.revoked) notify(record, "expired");
      });
      tokens.set(accessToken, { record, revoked: false, expiryTimer });
      return { accessToken, expiresInSeconds: options.tokenLifetimeSeconds, record };
    },
    resolve(accessToken) {
      const live = tokens.get(accessToken);
      if (live === undefined) return { valid: false, reason: "unknown" };
      if (live.revoked) return { valid: false, reason: "revoked" };
      if (clock.now() >= live.record.expiresAt) return { valid: false, reason: "expired" };
      return { valid: true, record: live.record };
    },
    revokeAll() {
      const revoked: TokenRecord[] = [];
      for (const live of tokens.values()) {
        if (live.revoked) continue;
        live.revoked = true;
        clock.cancel(live.expiryTimer);
        if (clock.now() < live.record.expiresAt) revoked.push(live.record);
      }
      for (const record of revoked) notify(record, "revoked");
      return revoked;
    },
    onInvalidated(listener) {
      listeners.push(listener);
    },
    dispose() {
      for (const live of tokens.values()) clock.cancel(live.expiryTimer);
      tokens.clear();
    },
  };
}

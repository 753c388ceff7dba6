import type { Redis } from "ioredis";
import type { SignedSession } from "./session-cookie.js";

/**
 * Logged-out sessions, in Redis so that every dashboard instance refuses them: a copy of the cookie taken
 * before the logout (a shared machine, a proxy log) no longer opens the dashboard. Each entry lives until
 * the session would have expired anyway, so the set never outgrows the sessions issued within one TTL.
 */
export interface SessionRevocations {
  revoke(session: SignedSession): Promise<void>;
  isRevoked(session: SignedSession): Promise<boolean>;
}

export function createSessionRevocations(
  redis: Pick<Redis, "set" | "exists">,
  prefix: string,
): SessionRevocations {
  // The nonce is base64url (the codec made it), so it is safe in a key as it is.
  const keyOf = (session: SignedSession) => `${prefix}:dashboard:session-revoked:${session.nonce}`;
  return {
    async revoke(session) {
      await redis.set(keyOf(session), "1", "EXAT", session.expiresAtS);
    },
    async isRevoked(session) {
      return (await redis.exists(keyOf(session))) === 1;
    },
  };
}

import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** The session cookie's name; its value is `<payload>.<signature>`, both base64url. */
export const SESSION_COOKIE = "routing_session";

/**
 * The documented development session secret (README), used when DASHBOARD_SESSION_SECRET is not set
 * outside production; production refuses it.
 */
export const DEVELOPMENT_SESSION_SECRET = "routing-dev-only-session-secret-not-for-production";

export interface SessionSettings {
  /** DASHBOARD_SESSION_SECRET: the HMAC-SHA256 key (at least 32 characters). */
  readonly secret: string;
  /** DASHBOARD_SESSION_TTL_SECONDS: how long a login lasts. */
  readonly ttlSeconds: number;
  /** Adds `Secure` (production: the dashboard is behind TLS there; a laptop's http://127.0.0.1 is not). */
  readonly secureCookie: boolean;
}

interface SessionPayload {
  /** Username. */
  readonly u: string;
  /** Expiry, epoch seconds. */
  readonly e: number;
  /** A random nonce, so two logins in one second differ. */
  readonly n: string;
}

/** A valid session's identity: its random nonce, and when it expires (epoch seconds). */
export interface SignedSession {
  readonly nonce: string;
  readonly expiresAtS: number;
}

export interface SessionCodec {
  /** A signed session for `username`, as the `Set-Cookie` header value. */
  issue(username: string): string;
  /** The `Set-Cookie` header value that removes the cookie (logout). */
  clear(): string;
  /**
   * The session the request's `Cookie` header carries when this key signed it, it has not expired and it is
   * for `username` (a renamed DASHBOARD_USERNAME ends every session); undefined otherwise. Whether it was
   * logged out is the revocations' to say (`session-revocations.ts`).
   */
  read(cookieHeader: string | undefined, username: string): SignedSession | undefined;
  /** Whether the `Cookie` header carries a session cookie at all (valid or not). */
  present(cookieHeader: string | undefined): boolean;
}

/**
 * Signed sessions: the cookie holds the username, the expiry and a nonce, signed with HMAC-SHA256, so any
 * dashboard instance with the same secret accepts it; only a logout is stored (the nonce, in Redis, until
 * the session would have expired: `session-revocations.ts`). HttpOnly (no script reads
 * it), SameSite=Lax (not sent on cross-site POSTs, so another site cannot act as the operator).
 */
export function createSessionCodec(settings: SessionSettings, now: () => number = Date.now): SessionCodec {
  const sign = (payload: string) => createHmac("sha256", settings.secret).update(payload).digest();
  const attributes = (maxAge: number) =>
    `Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${settings.secureCookie ? "; Secure" : ""}`;
  return {
    issue(username) {
      const payload: SessionPayload = {
        u: username,
        e: Math.floor(now() / 1000) + settings.ttlSeconds,
        n: randomBytes(9).toString("base64url"),
      };
      const encoded = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
      const value = `${encoded}.${sign(encoded).toString("base64url")}`;
      return `${SESSION_COOKIE}=${value}; ${attributes(settings.ttlSeconds)}`;
    },
    clear: () => `${SESSION_COOKIE}=; ${attributes(0)}`,
    read(cookieHeader, username) {
      const value = readCookie(cookieHeader, SESSION_COOKIE);
      if (value === undefined) return undefined;
      const [encoded = "", signature = "", extra] = value.split(".");
      if (extra !== undefined || encoded === "") return undefined;
      const expected = sign(encoded);
      const supplied = Buffer.from(signature, "base64url");
      if (supplied.length !== expected.length || !timingSafeEqual(supplied, expected)) return undefined;
      // Base64 decoding ignores a last character's spare bits: only the one spelling this key wrote passes.
      if (supplied.toString("base64url") !== signature) return undefined;
      const payload = parsePayload(encoded);
      if (payload === undefined || payload.u !== username || payload.e * 1000 <= now()) return undefined;
      return { nonce: payload.n, expiresAtS: payload.e };
    },
    present: (cookieHeader) => readCookie(cookieHeader, SESSION_COOKIE) !== undefined,
  };
}

function parsePayload(encoded: string): SessionPayload | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"));
    if (typeof value !== "object" || value === null) return undefined;
    const { u, e, n } = value as Record<string, unknown>;
    return typeof u === "string" && typeof e === "number" && typeof n === "string" && n !== ""
      ? (value as SessionPayload)
      : undefined;
  } catch {
    return undefined;
  }
}

/** One cookie's value from a `Cookie` header; undefined when absent or empty. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const separator = part.indexOf("=");
    if (separator < 0 || part.slice(0, separator).trim() !== name) continue;
    const value = part.slice(separator + 1).trim();
    return value === "" ? undefined : value;
  }
  return undefined;
}

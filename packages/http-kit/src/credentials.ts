import { createHash, timingSafeEqual } from "node:crypto";

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export type CredentialCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: "missing" | "malformed" | "mismatch";
      readonly knownUser: boolean;
    };

/** `Authorization: Basic base64(user:password)` -> the pair, or undefined when absent or not Basic. */
export function parseBasicAuthorization(header: string | undefined): Credentials | "malformed" | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(header.trim());
  if (match?.[1] === undefined) return "malformed";
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return "malformed";
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Compares the supplied credentials with the expected ones in time that depends on neither: both sides
 * are hashed to equal-length digests before `timingSafeEqual`, and both comparisons always run, so a
 * caller cannot learn the username (or a password prefix) from response times.
 */
export function checkCredentials(header: string | undefined, expected: Credentials): CredentialCheck {
  const supplied = parseBasicAuthorization(header);
  if (supplied === undefined) return { ok: false, reason: "missing", knownUser: false };
  if (supplied === "malformed") return { ok: false, reason: "malformed", knownUser: false };
  return matchCredentials(supplied, expected);
}

/** Compares a username and password (from a login form, say) with the expected ones, in constant time. */
export function matchCredentials(supplied: Credentials, expected: Credentials): CredentialCheck {
  const userMatches = sameSecret(supplied.username, expected.username);
  const passwordMatches = sameSecret(supplied.password, expected.password);
  if (userMatches && passwordMatches) return { ok: true };
  return { ok: false, reason: "mismatch", knownUser: userMatches };
}

function sameSecret(supplied: string, expected: string): boolean {
  return timingSafeEqual(digest(supplied), digest(expected));
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

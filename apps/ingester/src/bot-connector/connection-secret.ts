import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export type SecretCheck = "valid" | "missing" | "mismatch";

const digest = (value: string): Buffer => createHash("sha256").update(value, "utf8").digest();

/**
 * The Digital Bot Connector integration sends its configured credential fields as headers on every call
 * ("Connection Secret": "The Digital Bot Connector service will include this connection secret as a header
 * in requests to the BCSP endpoints, using the name and value that were configured"). Compared through
 * fixed-length digests in constant time, so neither the timing nor the length of a guess tells anything.
 */
export function checkConnectionSecret(
  headers: IncomingHttpHeaders,
  headerName: string,
  secret: string,
): SecretCheck {
  const raw = headers[headerName.toLowerCase()];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value === "") return "missing";
  return timingSafeEqual(digest(value), digest(secret)) ? "valid" : "mismatch";
}

import { createHmac, timingSafeEqual } from "node:crypto";

/** The header a signed webhook carries: `sha256=<hex HMAC-SHA256 of the exact body bytes>`. */
export const WEBHOOK_SIGNATURE_HEADER = "X-Signature-256";

const SIGNATURE_FORMAT = /^sha256=([0-9a-fA-F]{64})$/;

/** The header value for `body` (what a receiver recomputes to check it). */
export function signWebhookBody(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * For receivers (and tests): true when `header` is the signature of these exact bytes. Compared in
 * constant time, so the answer's timing says nothing about how close a forgery came.
 */
export function verifyWebhookSignature(
  secret: string,
  body: Buffer | string,
  header: string | undefined,
): boolean {
  const hex = SIGNATURE_FORMAT.exec(header?.trim() ?? "")?.[1];
  if (hex === undefined) return false;
  const expected = createHmac("sha256", secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(hex, "hex"));
}

import { createHmac, timingSafeEqual } from "node:crypto";

/** The header the messaging platform signs its calls with: `sha256=<hex HMAC-SHA256 of the raw body>`. */
export const SIGNATURE_HEADER = "X-Signature-256";

const SIGNATURE_FORMAT = /^sha256=([0-9a-fA-F]{64})$/;

export type SignatureCheck = "valid" | "missing" | "mismatch";

/** What a sender puts in the header for `body` (also what the tests sign with). */
export function signBody(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * Checks the signature over the exact bytes received (re-serialised JSON would not match). The digests are
 * compared in constant time, so the answer's timing tells an attacker nothing about how close a guess was.
 */
export function checkSignature(secret: string, body: Buffer, header: string | undefined): SignatureCheck {
  if (header === undefined || header.trim() === "") return "missing";
  const hex = SIGNATURE_FORMAT.exec(header.trim())?.[1];
  if (hex === undefined) return "mismatch";
  const expected = createHmac("sha256", secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(hex, "hex")) ? "valid" : "mismatch";
}

const REDACTED = "[REDACTED]";
/** Bearer/Basic credentials in any text (an echoed header, a proxy's error page...). */
const AUTHORIZATION_VALUE = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
/** How many recent access tokens to keep scrubbing after they were replaced. */
const REMEMBERED_TOKENS = 8;
/**
 * Shorter values are not scrubbed: a 1-letter test secret would mangle every word containing that letter,
 * and no real credential is that short (Genesys secrets are ~43 characters).
 */
const MIN_SECRET_LENGTH = 8;

export interface Redactor {
  /** Returns `text` with every known secret and any Authorization value replaced. */
  redact(text: string): string;
  /** Adds a secret learnt at run time (a freshly minted access token). */
  remember(secret: string): void;
}

/**
 * Server messages and low-level network errors are copied into our errors; this scrubs anything secret
 * from them first, because a misbehaving proxy or server may echo what it received.
 */
export function createRedactor(initialSecrets: readonly string[]): Redactor {
  const fixed = initialSecrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH);
  const recentTokens: string[] = [];
  return {
    redact(text) {
      let result = text.replace(AUTHORIZATION_VALUE, (_match, scheme: string) => `${scheme} ${REDACTED}`);
      // Longest first, so a secret that contains another is scrubbed whole.
      for (const secret of [...fixed, ...recentTokens].sort((a, b) => b.length - a.length)) {
        result = result.split(secret).join(REDACTED);
      }
      return result;
    },
    remember(secret) {
      if (secret.length < MIN_SECRET_LENGTH || recentTokens.includes(secret)) return;
      recentTokens.push(secret);
      if (recentTokens.length > REMEMBERED_TOKENS) recentTokens.shift();
    },
  };
}

/**
 * Too many concurrent writers on one conversation's handoff state: every compare-and-set lost. Transient:
 * another attempt (a retried job, or Genesys retrying a 5xx Bot Connector answer) will get through.
 */
export class HandoffStateContentionError extends Error {
  override readonly name = "HandoffStateContentionError";
  constructor(readonly conversationId: string) {
    super(`handoff state of conversation ${conversationId} kept changing under concurrent turns`);
  }
}

/**
 * What Redis holds for a conversation's handoff is not what this package writes (another release, or a
 * hand edit). Permanent: deciding again from a guess could hand a conversation off twice.
 */
export class HandoffStateCorruptError extends Error {
  override readonly name = "HandoffStateCorruptError";
}

/** Options that break the store's own rules; names the option. */
export class HandoffSessionsOptionsError extends Error {
  override readonly name = "HandoffSessionsOptionsError";
  constructor(
    readonly option: string,
    detail: string,
  ) {
    super(`${option} ${detail}`);
  }
}

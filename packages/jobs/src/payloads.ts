import { z } from "zod";

// Genesys ids are UUIDs. Checking the shape here means a malformed id fails at enqueue with the field
// named, instead of as a 400 from Genesys several retries later. Genesys writes them in lower case, but
// UUIDs compare case-insensitively (RFC 9562 section 4): an upper-case copy of an id (a webhook sender, a
// hand-made replay) is the same conversation. Every producer goes through this schema, so this is the one
// place ids are normalised, and the job ids built from them dedupe across spellings.
const genesysId = z.uuid().overwrite((id) => id.toLowerCase());
const epochMs = z.number().int().nonnegative();

/**
 * Payloads carry ids, numbers and enums only: no message text, names or tokens, because job data is shown
 * in Bull Board and kept for days on failure. Unknown fields are dropped rather than refused, so jobs
 * written by a newer producer during a rolling deploy still run.
 */
export const conversationScorePayload = z.object({
  conversationId: genesysId,
  queueId: genesysId,
  mediaType: z.enum(["call", "callback", "chat", "email", "message"]),
  skillIds: z.array(genesysId).max(50).default([]),
  languageId: genesysId.optional(),
  /** 0 for the first scoring; each re-score after a rejected assignment increments it. */
  round: z.number().int().min(0).max(20).default(0),
  observedAtMs: epochMs,
});

export const assignmentCheckPayload = z.object({
  conversationId: genesysId,
  queueId: genesysId,
  userId: genesysId,
  /** The agent participant that is alerting: one check per offer. */
  participantId: genesysId,
  skillIds: z.array(genesysId).max(50).default([]),
  languageId: genesysId.optional(),
  round: z.number().int().min(0).max(20).default(0),
  observedAtMs: epochMs,
});

export const handoffTurnPayload = z.object({
  conversationId: genesysId,
  /** The customer's participant: the one transferred to the handoff queue. */
  participantId: genesysId.optional(),
  /** The bot's message id (or the webhook's event id): one decision per turn. */
  turnId: z.string().min(1).max(200),
  intent: z.string().min(1).max(200),
  /**
   * Any number: the policy itself treats a confidence outside [0, 1] as 0 with a reason, and that decision
   * must be recorded rather than the job refused.
   */
  confidence: z.number(),
  receivedAtMs: epochMs,
});

export const skillsAdjustPayload = z
  .object({
    /** Absent: every queue the worker is configured for. */
    queueId: genesysId.optional(),
    intervalStartMs: epochMs,
    intervalEndMs: epochMs,
    /** Compute and report the adjustments without writing them to Genesys. */
    dryRun: z.boolean().default(false),
  })
  .refine((payload) => payload.intervalEndMs > payload.intervalStartMs, {
    message: "must be after intervalStartMs",
    path: ["intervalEndMs"],
  });

export const notificationsRecoverPayload = z
  .object({
    /** The topics whose events may have been missed while the socket was down. */
    topics: z.array(z.string().min(1).max(300)).min(1).max(1000),
    fromMs: epochMs,
    toMs: epochMs,
    /**
     * `ingester-start`: the deployment's watermark says events may have been missed while no ingester ran;
     * `buffer-overflow`: events were dropped because Redis was away longer than the ingester's buffer lasts.
     */
    reason: z.enum([
      "socket-dropped",
      "silence",
      "channel-expired",
      "ingester-start",
      "buffer-overflow",
      "unknown",
    ]),
  })
  .refine((payload) => payload.toMs >= payload.fromMs, {
    message: "must not be before fromMs",
    path: ["toMs"],
  });

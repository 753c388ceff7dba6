import { z } from "zod";

// Genesys ids are UUIDs. Checking the shape here means a malformed id fails at enqueue with the field
// named, instead of as a 400 from Genesys several retries later. Genesys writes them in lower case, but
// UUIDs compare case-insensitively (RFC 9562 section 4): an upper-case copy of an id (a webhook sender, a
// hand-made replay) is the same conversation. Every producer goes through this schema, so this is the one
// place ids are normalised, and the job ids built from them dedupe across spellings.
const genesysId = z.uuid().overwrite((id) => id.toLowerCase());
const epochMs = z.number().int().nonnegative();
/**
 * Genesys documents a skill expression's id only as "the internal id of the skill expression", not as a
 * UUID: any short token of id characters is accepted.
 */
const skillExpressionId = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,100}$/, "must be a skill expression id (letters, digits, . _ -)");

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
  /**
   * The skill expression Genesys routes this conversation by, when it has one (it takes priority over
   * `skillIds`). Our proficiency policies cannot evaluate an expression: see the worker's README.
   */
  skillExpressionId: skillExpressionId.optional(),
  /** 0 for the first scoring; each re-score after a rejected assignment increments it. */
  round: z.number().int().min(0).max(20).default(0),
  /**
   * The `scoredAgents` Genesys already holds for the conversation, as the triggering event carried them on
   * the acd participant's routing data (absent: none, or a source that does not carry them). When they
   * are what the worker would send, it sends nothing. Never part of the job id.
   */
  scoredAgents: z
    .array(z.object({ id: genesysId, score: z.number().finite() }))
    .max(100)
    .optional(),
  observedAtMs: epochMs,
  /**
   * When the customer entered the queue (the acd leg's `connectedTime`), when the source said. Not in the
   * job id: a repeat of the event has the same value, so it tells a new queue entry whose job id an earlier,
   * finished job already holds from a repeat (the ingester counts those).
   */
  queuedAtMs: epochMs.optional(),
});

export const assignmentCheckPayload = z.object({
  conversationId: genesysId,
  queueId: genesysId,
  userId: genesysId,
  /** The agent participant that is alerting: one check per offer. */
  participantId: genesysId,
  /** The queue's requirements, read from the acd participant (never the agent's own, empty, leg). */
  skillIds: z.array(genesysId).max(50).default([]),
  languageId: genesysId.optional(),
  skillExpressionId: skillExpressionId.optional(),
  round: z.number().int().min(0).max(20).default(0),
  observedAtMs: epochMs,
  /**
   * When the customer entered the queue (the acd leg's `connectedTime`), when the source said. Not in the
   * job id: a repeat of the event has the same value, so it tells a new queue entry whose job id an earlier,
   * finished job already holds from a repeat (the ingester counts those).
   */
  queuedAtMs: epochMs.optional(),
});

export const handoffTurnPayload = z.object({
  conversationId: genesysId,
  /**
   * Optional hint: the participant that holds the conversation (the bot's flow, the acd or an agent), if the
   * sender knows it. The worker transfers it only if it really is such a participant; otherwise (the
   * customer's, above all: replace disconnects whoever it names) it looks the owner up.
   */
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

/**
 * Roster jobs (`@routing/roster`). The roster itself lives in Redis; these are the reads that (re)fill it,
 * each on its own budget lane, so that none of them ever delays a decision.
 */
export const rosterSeedPayload = z
  .object({
    queueId: genesysId,
    /** `start`: an ingester began following the queue; `gap`: events may have been missed; `stale`/`manual`: asked for. */
    reason: z.enum(["start", "gap", "stale", "manual"]),
    /** The gap's start (reason `gap`); absent otherwise. */
    fromMs: epochMs.optional(),
    /** The gap's end, or when the seed was asked for: one seed per queue and gap. */
    toMs: epochMs,
  })
  .refine((payload) => payload.fromMs === undefined || payload.toMs >= payload.fromMs, {
    message: "must not be before fromMs",
    path: ["toMs"],
  });

/** A member joined a followed queue: one read of that user (status, presence, skills, languages). */
export const rosterMemberPayload = z.object({
  queueId: genesysId,
  userId: genesysId,
  /** When the join was received: one read per join. */
  observedAtMs: epochMs,
});

/**
 * The periodic re-read that counts and repairs drift, within its share of the budget (job scheduler).
 * Absent `queueId`: the followed queues confirmed longest ago, as many as the share allows.
 */
export const rosterReconcilePayload = z.object({
  queueId: genesysId.optional(),
  /** When an operator asked (absent on the scheduler's runs, whose job ids BullMQ makes per tick). */
  requestedAtMs: epochMs.optional(),
});

/** Skills and languages have no notification topic: refreshed in the background within their budget share. */
export const rosterSkillsRefreshPayload = z.object({
  queueId: genesysId.optional(),
  /** As for `roster.reconcile`. */
  requestedAtMs: epochMs.optional(),
});

/** Each agent's CSAT from the survey aggregates, into the roster (job scheduler; lane `maintenance`). */
export const rosterCsatRefreshPayload = z.object({
  /** When an operator asked (absent on the scheduler's runs). */
  requestedAtMs: epochMs.optional(),
});

/** Each followed queue's measured service level (`oServiceLevel`), cached for the scoring weights. */
export const queuesServiceLevelPayload = z.object({
  queueId: genesysId.optional(),
  requestedAtMs: epochMs.optional(),
});

/**
 * A skill adjustment run over every configured queue, in the worker's mode (WORKER_SKILL_ADJUSTMENT_MODE):
 * written at once (auto) or proposed for a supervisor's approval. The analytics window ends when it runs.
 */
export const skillsAdjustRunPayload = z.object({
  /** Who asked, when not the scheduler: an operator's name (shown in the audit trail). */
  requestedBy: z.string().trim().min(1).max(200).optional(),
  requestedAtMs: epochMs.optional(),
});

/** A supervisor's decision on a run, carried out by the worker (the dashboard never writes to Genesys). */
export const skillsRunActionPayload = z.object({
  runId: z.string().regex(/^run-[0-9a-f]{16}$/, "must be a run id (run-<16 hex digits>)"),
  action: z.enum(["approve", "rollback"]),
  /** Who decided (the dashboard's user). */
  actor: z.string().trim().min(1).max(200),
  requestedAtMs: epochMs,
});

import { FAIRNESS_SIGNALS, INELIGIBLE_REASONS, ROUTING_STATUSES } from "@routing/core";
import { z } from "zod";

// The schema is the privacy rule: every string is an id, a name from configuration or an enum, each with
// a pattern that has no room for a sentence (no spaces), and every object is strict (an unknown field is
// refused by name). A customer's message text therefore cannot be written, even by mistake.

/** Genesys ids (UUIDs), job ids, agent ids: letters, digits and `. _ : -`; no spaces, no `|`. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;
/** Names from configuration (an SLA rule's name may read "tutorial-80/20"); no spaces. */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/;
/**
 * A Genesys path template with its ids as placeholders (`/api/v2/routing/conversations/{conversationId}`),
 * never a path with real ids in it (segments are lower-case words: a UUID has digits); `/oauth/token`
 * for token requests (the genesys-client observer's `pathTemplate`).
 */
const PATH_TEMPLATE_PATTERN = /^\/(api\/v2|oauth)(\/([a-z]+|\{[A-Za-z]+\}))*$/;

const id = z.string().regex(ID_PATTERN, "expected an id (letters, digits, . _ : -; no spaces)");
const name = z.string().regex(NAME_PATTERN, "expected a name (letters, digits, . _ : / -; no spaces)");
const epochMs = z.number().int().min(0);
const unit = z.number().min(0).max(1);
const nonNegative = z.number().min(0);

/** What a decision did. */
export const DECISION_OUTCOMES = ["scored", "no-eligible", "approved", "rejected", "shadow"] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** What a shadow decision would have done (shadow mode sends nothing to Genesys). */
export const SHADOWED_OUTCOMES = ["scored", "no-eligible", "approved", "rejected"] as const;

const weights = z.strictObject({ proficiency: unit, languageMatch: unit, csat: unit });

const scoreComponents = z.strictObject({
  proficiency: unit,
  languageMatch: z.union([z.literal(0), z.literal(1)]),
  csat: unit,
  csatFallback: z.boolean(),
  weighted: unit,
  score: unit,
});

const candidate = z.strictObject({
  agentId: id,
  routingStatus: z.enum(ROUTING_STATUSES).nullable(),
  eligible: z.boolean(),
  ineligibleReason: z.enum(INELIGIBLE_REASONS as readonly [string, ...string[]]).nullable(),
  components: scoreComponents,
  fairness: z
    .strictObject({
      signal: z.enum(FAIRNESS_SIGNALS as readonly [string, ...string[]]),
      input: nonNegative.nullable(),
      term: unit,
    })
    .nullable(),
  score: unit,
  idleMs: nonNegative.nullable(),
  rank: z.number().int().min(1).nullable(),
});

/** core's `RankingExplanation` (the weighted policy's settings and every candidate). */
const ranking = z.strictObject({
  policy: z.literal("weighted"),
  nowMs: epochMs,
  requirement: z.strictObject({
    requiredSkills: z.array(id).max(100).readonly(),
    requiredLanguage: id.nullable(),
  }),
  weights,
  sla: z
    .strictObject({
      baseWeights: weights,
      rule: name.nullable(),
      target: z.strictObject({ percent: z.number().gt(0).max(100), seconds: z.number().gt(0) }),
      serviceLevelPercent: z.number().min(0).max(100),
    })
    .nullable(),
  minScore: unit,
  csatFallback: unit,
  skillCombine: z.enum(["min", "mean"]),
  topN: z.number().int().min(1),
  eligibleStatuses: z.union([z.literal("any"), z.array(z.enum(ROUTING_STATUSES)).readonly()]),
  fairness: z
    .strictObject({
      signal: z.enum(FAIRNESS_SIGNALS as readonly [string, ...string[]]),
      weight: z.number().min(0).lt(1),
      idleSaturationMs: z.number().gt(0),
    })
    .nullable(),
  candidates: z.array(candidate).readonly(),
  counts: z.strictObject({
    candidates: z.number().int().min(0),
    eligible: z.number().int().min(0),
    ranked: z.number().int().min(0),
  }),
});

/** core's `AssignmentExplanation` (the skill-threshold check). */
const assignment = z.strictObject({
  policy: z.literal("assignment-check"),
  agentId: id,
  queueId: id,
  skillCombine: z.enum(["min", "mean"]),
  threshold: unit,
  thresholdSource: z.enum(["queue", "default"]),
  skills: z
    .array(
      z.strictObject({
        skillId: id,
        proficiency: z.number().min(0).max(5).nullable(),
        normalised: unit,
        meetsThreshold: z.boolean(),
      }),
    )
    .max(100)
    .readonly(),
  score: unit,
  outcome: z.enum(["approve", "reject"]),
});

/** One Genesys call the decision made (the client's `RequestEvent`). */
const genesysCall = z.strictObject({
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]),
  pathTemplate: z
    .string()
    .regex(
      PATH_TEMPLATE_PATTERN,
      "expected a path template such as /api/v2/routing/conversations/{conversationId}",
    ),
  /** HTTP status; 0 when no response arrived (network error, timeout). */
  status: z
    .number()
    .int()
    .refine((value) => value === 0 || (value >= 100 && value <= 599), "expected 0 or 100–599"),
  durationMs: nonNegative,
  /** 1 for the first attempt, then 2, 3... */
  attempt: z.number().int().min(1).default(1),
  /** Genesys' `ININ-Correlation-Id`, null when none came back. */
  correlationId: id.nullable(),
});

/** A decision as the caller writes it (`DecisionLog.write`). */
export const decisionInputSchema = z.strictObject({
  /** Default: a random UUID. */
  decisionId: id.exactOptional(),
  conversationId: id,
  queueId: id,
  /** The event that triggered the decision. */
  event: z.strictObject({
    /** The catalog job name (`conversation.score`, `assignment.check`, ...). */
    jobName: z
      .string()
      .regex(/^[a-z][a-z0-9]*(\.[a-z][a-z0-9-]*)+$/, "expected a job name such as conversation.score"),
    jobId: id,
    /** BullMQ's attempt number of the job, 1 for the first. */
    attempt: z.number().int().min(1),
    participantId: id.nullable().default(null),
    userId: id.nullable().default(null),
    observedAtMs: epochMs,
  }),
  /** Which roster snapshot the candidates came from (null until the live roster exists). */
  rosterVersion: z
    .union([id, z.number().int().min(0)])
    .nullable()
    .default(null),
  /** The weighted ranking and every candidate; null when no ranking was made (an approved assignment). */
  ranking: ranking.nullable().default(null),
  /** The skill-threshold check; null for a scoring decision. */
  assignment: assignment.nullable().default(null),
  action: z.strictObject({
    outcome: z.enum(DECISION_OUTCOMES),
    /** With `rejected`: what followed (rescored toward others, or left queued). */
    followUp: z.enum(["rescore", "requeue"]).nullable().default(null),
    /** With `shadow`: what the decision would have done. */
    shadowOf: z.enum(SHADOWED_OUTCOMES).nullable().default(null),
    /** The `requestScoredAgents` sent (or, in shadow mode, that would have been sent). */
    requestScoredAgents: z
      .array(z.strictObject({ id, score: z.number().int().min(0).max(100) }))
      .max(100)
      .readonly()
      .default([]),
  }),
  genesysCalls: z.array(genesysCall).max(50).readonly().default([]),
  timings: z.strictObject({
    /** When the triggering event was observed (the job's `observedAtMs`). */
    observedAtMs: epochMs,
    /** When the job attempt that decided started (null when not known): queue wait before, work after. */
    startedAtMs: epochMs.nullable().default(null),
    /** When the decision was made. */
    decidedAtMs: epochMs,
  }),
});

/** A stored decision: the input with its id, the cut list of candidates and the write time. */
export const decisionRecordSchema = decisionInputSchema.extend({
  schemaVersion: z.literal(1),
  decisionId: id,
  /** Candidates left out of `ranking.candidates` by `maxCandidatesPerRecord` (the lowest placed ones). */
  candidatesOmitted: z.number().int().min(0),
  timings: z.strictObject({
    observedAtMs: epochMs,
    startedAtMs: epochMs.nullable(),
    decidedAtMs: epochMs,
    writtenAtMs: epochMs,
  }),
});

export type DecisionInput = z.input<typeof decisionInputSchema>;
export type DecisionRecord = z.output<typeof decisionRecordSchema>;
export type ParsedDecisionInput = z.output<typeof decisionInputSchema>;

/** A decision the log refuses to write: `field` is the dotted path of the first offending value. */
export class DecisionRecordError extends Error {
  override readonly name = "DecisionRecordError";
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`Invalid decision record${field === "" ? "" : ` field ${field}`}: ${problem}`);
    this.field = field;
  }

  static fromZod(error: z.ZodError): DecisionRecordError {
    const issue = error.issues[0];
    if (issue === undefined) return new DecisionRecordError("", "invalid");
    const field = issue.path
      .map((part, index) =>
        typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`,
      )
      .join("");
    const extra = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : "";
    const keys = issue.code === "unrecognized_keys" ? ` ${issue.keys.join(", ")}` : "";
    return new DecisionRecordError(
      issue.code === "unrecognized_keys" ? joinField(field, issue.keys[0] ?? "") : field,
      `${issue.message}${keys}${extra}`,
    );
  }
}

function joinField(parent: string, key: string): string {
  return parent === "" ? key : `${parent}.${key}`;
}

/** Validates a decision to write; throws `DecisionRecordError` naming the field. */
export function parseDecisionInput(input: unknown): ParsedDecisionInput {
  const parsed = decisionInputSchema.safeParse(input);
  if (!parsed.success) throw DecisionRecordError.fromZod(parsed.error);
  return parsed.data;
}

/** Reads a stored record back; undefined when the text is not a record this log wrote. */
export function parseStoredRecord(text: string): DecisionRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = decisionRecordSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

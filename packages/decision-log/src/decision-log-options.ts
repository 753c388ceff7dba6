import { z } from "zod";

export interface DecisionLogOptions {
  /**
   * Key prefix: the deployment's (its `BULLMQ_PREFIX`), so one Redis can hold several deployments.
   * Keys are `<prefix>:decision-log:...`.
   * @defaultValue "routing"
   */
  readonly prefix: string;
  /**
   * How long a record is kept after its decision, in seconds (60 s to 90 days).
   * @defaultValue 604800 (7 days, as long as failed jobs are kept for a replay)
   */
  readonly ttlSeconds: number;
  /**
   * Records kept per conversation; writing one more drops that conversation's oldest (1 to 10,000).
   * A conversation is scored, checked and re-scored at most about 20 times (the job catalog's `round`).
   * @defaultValue 20
   */
  readonly maxPerConversation: number;
  /**
   * Records kept in all; writing one more drops the oldest overall (1 to 10,000,000). This and
   * `maxCandidatesPerRecord` bound the memory: about 4 KB + 0.3 KB per candidate kept, per record,
   * indexes included (10,000 records of 50 candidates: about 190 MB at most; see the package README).
   * @defaultValue 10000
   */
  readonly maxEntries: number;
  /**
   * Candidates kept per record: the ranked ones first (the 20 sent to Genesys by default), then the
   * others in roster order with why each was left out; the rest are counted in `candidatesOmitted`
   * (1 to 1,000).
   * @defaultValue 50
   */
  readonly maxCandidatesPerRecord: number;
  /**
   * The clock, in epoch ms: `writtenAtMs`, and what counts as expired.
   * @defaultValue Date.now
   */
  readonly now: () => number;
}

export const DEFAULT_DECISION_LOG_OPTIONS: DecisionLogOptions = Object.freeze({
  prefix: "routing",
  ttlSeconds: 604_800,
  maxPerConversation: 20,
  maxEntries: 10_000,
  maxCandidatesPerRecord: 50,
  now: Date.now,
});

const optionsSchema = z.strictObject({
  prefix: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, "expected letters, digits and . _ : -"),
  ttlSeconds: z
    .number()
    .int()
    .min(60)
    .max(90 * 86_400),
  maxPerConversation: z.number().int().min(1).max(10_000),
  maxEntries: z.number().int().min(1).max(10_000_000),
  maxCandidatesPerRecord: z.number().int().min(1).max(1_000),
  now: z.custom<() => number>((value) => typeof value === "function", "expected a function"),
});

/** The log's options could not be used; `field` names the option. */
export class DecisionLogOptionsError extends Error {
  override readonly name = "DecisionLogOptionsError";
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`Invalid decision log option ${field}: ${problem}`);
  }
}

/** Fills in the defaults and validates; throws `DecisionLogOptionsError` naming the option. */
export function resolveDecisionLogOptions(options: Partial<DecisionLogOptions> = {}): DecisionLogOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const parsed = optionsSchema.safeParse({ ...DEFAULT_DECISION_LOG_OPTIONS, ...defined });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field =
      issue?.code === "unrecognized_keys" ? (issue.keys[0] ?? "") : (issue?.path.map(String).join(".") ?? "");
    throw new DecisionLogOptionsError(field, issue?.message ?? "invalid");
  }
  return parsed.data;
}

import { randomUUID } from "node:crypto";
import { runScript } from "@routing/redis-scripts";
import type { Redis } from "ioredis";
import { type DecisionLogOptions, resolveDecisionLogOptions } from "./decision-log-options.js";
import {
  DECISION_OUTCOMES,
  type DecisionInput,
  type DecisionOutcome,
  type DecisionRecord,
  DecisionRecordError,
  ID_PATTERN,
  parseDecisionInput,
  parseStoredRecord,
} from "./decision-record.js";
import { PAGE_SCRIPT, WRITE_SCRIPT } from "./redis-scripts.js";

/** A decision may be stamped this far in the future (clocks of workers and Redis disagree a little). */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export interface DecisionPageRequest {
  /** Records per page, 1–500. Default 50. */
  readonly limit?: number | undefined;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string | undefined;
}

export interface DecisionQuery extends DecisionPageRequest {
  readonly queueId?: string | undefined;
  readonly outcome?: DecisionOutcome | undefined;
  /** Decided at or after (epoch ms). */
  readonly fromMs?: number | undefined;
  /** Decided at or before (epoch ms). */
  readonly toMs?: number | undefined;
}

export interface DecisionPage {
  /** Newest first. */
  readonly records: DecisionRecord[];
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

export interface DecisionCountQuery {
  /** Start of the first bucket (epoch ms, decision time). */
  readonly fromMs: number;
  /** Bucket width in ms (at least 1,000). */
  readonly bucketMs: number;
  /** Number of buckets, 1–1,440. */
  readonly buckets: number;
}

/** MAX of `DecisionCountQuery.buckets`: a day of minutes. */
export const MAX_COUNT_BUCKETS = 1_440;

export interface DecisionLog {
  /**
   * Validates and stores one decision (`DecisionRecordError` naming the field when it is not a valid
   * decision), then drops what the caps and the TTL no longer allow. Returns the stored record.
   */
  write(input: DecisionInput): Promise<DecisionRecord>;
  /** One record by id; undefined when unknown or expired. */
  get(decisionId: string): Promise<DecisionRecord | undefined>;
  /** A conversation's decisions, newest first. */
  byConversation(conversationId: string, page?: DecisionPageRequest): Promise<DecisionPage>;
  /** Decisions by queue and/or outcome within a time range (decision time), newest first. */
  search(query?: DecisionQuery): Promise<DecisionPage>;
  /**
   * Decisions per outcome in consecutive buckets of decision time: `counts[outcome][i]` decisions were
   * made in `[fromMs + i * bucketMs, fromMs + (i + 1) * bucketMs)`. Records past the caps or the TTL are
   * no longer counted. One pipelined ZCOUNT per outcome and bucket, on the outcome indexes.
   */
  countByOutcome(query: DecisionCountQuery): Promise<Record<DecisionOutcome, number[]>>;
  /** The resolved options (defaults filled in). */
  readonly options: DecisionLogOptions;
}

/** A query the log cannot run; `field` names the parameter. */
export class DecisionQueryError extends Error {
  override readonly name = "DecisionQueryError";
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`Invalid decision log query ${field}: ${problem}`);
  }
}

/**
 * The decision log on an ioredis connection (the caller's: it is not closed here). See the README for
 * the record schema, the keys and the memory bounds.
 */
/** The input's candidates, when it has a list of them (anything else is for validation to name). */
function candidatesOf(input: unknown): readonly unknown[] | undefined {
  if (typeof input !== "object" || input === null) return undefined;
  const ranking = (input as { ranking?: unknown }).ranking;
  if (typeof ranking !== "object" || ranking === null) return undefined;
  const candidates = (ranking as { candidates?: unknown }).candidates;
  return Array.isArray(candidates) ? candidates : undefined;
}

/**
 * The input with the candidates a record keeps, cut before validating: those left out are neither checked
 * nor stored (a 5,000-agent queue would otherwise validate 5,000 explanations to keep 50).
 */
function cutCandidates(input: DecisionInput, keep: number): DecisionInput {
  const candidates = candidatesOf(input);
  if (candidates === undefined || candidates.length <= keep || input.ranking == null) return input;
  return { ...input, ranking: { ...input.ranking, candidates: input.ranking.candidates.slice(0, keep) } };
}

export function createDecisionLog(redis: Redis, options: Partial<DecisionLogOptions> = {}): DecisionLog {
  const resolved = resolveDecisionLogOptions(options);
  const base = `${resolved.prefix}:decision-log:`;
  const keys = {
    record: (id: string) => `${base}record:${id}`,
    all: `${base}index:all`,
    conversation: (id: string) => `${base}index:conversation:${id}`,
    queue: (id: string) => `${base}index:queue:${id}`,
    outcome: (outcome: string) => `${base}index:outcome:${outcome}`,
    outcomeQueue: (outcome: string, queueId: string) => `${base}index:outcome-queue:${outcome}:${queueId}`,
  };
  const ttlMs = resolved.ttlSeconds * 1000;

  const readPage = async (
    index: string,
    range: { fromMs: number; toMs: number },
    page: DecisionPageRequest,
  ): Promise<DecisionPage> => {
    const limit = pageLimit(page.limit);
    const cursor = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
    const fromMs = Math.max(range.fromMs, resolved.now() - ttlMs);
    const items = (await runScript(
      redis,
      PAGE_SCRIPT,
      [index],
      [range.toMs, fromMs, limit, cursor?.ref ?? "", cursor?.score ?? ""],
    )) as string[];
    const refs: { ref: string; score: string }[] = [];
    for (let position = 0; position + 1 < items.length; position += 2) {
      refs.push({ ref: items[position] ?? "", score: items[position + 1] ?? "" });
    }
    const shown = refs.slice(0, limit);
    const texts =
      shown.length === 0 ? [] : await redis.mget(...shown.map(({ ref }) => keys.record(idOf(ref))));
    const records: DecisionRecord[] = [];
    for (const text of texts) {
      // A record can expire between the index read and MGET: it is simply no longer there.
      const record = text === null ? undefined : parseStoredRecord(text);
      if (record !== undefined) records.push(record);
    }
    const last = shown[shown.length - 1];
    return {
      records,
      nextCursor: refs.length > limit && last !== undefined ? encodeCursor(last.score, last.ref) : null,
    };
  };

  return {
    options: resolved,
    write: async (input) => {
      const parsed = parseDecisionInput(cutCandidates(input, resolved.maxCandidatesPerRecord));
      // A ranking explained only in part (core's `explainAtMost`) still counts every candidate it had.
      const offered = Math.max(candidatesOf(input)?.length ?? 0, parsed.ranking?.counts.candidates ?? 0);
      const now = resolved.now();
      const { decidedAtMs } = parsed.timings;
      if (decidedAtMs < now - ttlMs) {
        throw new DecisionRecordError(
          "timings.decidedAtMs",
          `${decidedAtMs} is older than the log keeps (ttlSeconds ${resolved.ttlSeconds})`,
        );
      }
      if (decidedAtMs > now + MAX_CLOCK_SKEW_MS) {
        throw new DecisionRecordError("timings.decidedAtMs", `${decidedAtMs} is in the future (now ${now})`);
      }
      const decisionId = parsed.decisionId ?? randomUUID();
      const record: DecisionRecord = {
        schemaVersion: 1,
        ...parsed,
        decisionId,
        candidatesOmitted: offered - (parsed.ranking?.candidates.length ?? 0),
        timings: { ...parsed.timings, writtenAtMs: now },
      };
      const outcome = record.action.outcome;
      const ref = `${decisionId}|${record.conversationId}|${record.queueId}|${outcome}`;
      await runScript(
        redis,
        WRITE_SCRIPT,
        [
          keys.record(decisionId),
          keys.all,
          keys.conversation(record.conversationId),
          keys.queue(record.queueId),
          keys.outcome(outcome),
          keys.outcomeQueue(outcome, record.queueId),
        ],
        [
          JSON.stringify(record),
          ref,
          decidedAtMs,
          resolved.ttlSeconds,
          resolved.maxEntries,
          resolved.maxPerConversation,
          now - ttlMs,
          base,
        ],
      );
      return record;
    },
    get: async (decisionId) => {
      if (!ID_PATTERN.test(decisionId)) throw new DecisionQueryError("decisionId", "expected an id");
      const text = await redis.get(keys.record(decisionId));
      return text === null ? undefined : parseStoredRecord(text);
    },
    countByOutcome: async ({ fromMs, bucketMs, buckets }) => {
      timeBound("fromMs", fromMs, 0);
      if (!Number.isInteger(bucketMs) || bucketMs < 1_000) {
        throw new DecisionQueryError("bucketMs", `expected a whole number of at least 1000, got ${bucketMs}`);
      }
      if (!Number.isInteger(buckets) || buckets < 1 || buckets > MAX_COUNT_BUCKETS) {
        throw new DecisionQueryError(
          "buckets",
          `expected a whole number from 1 to ${MAX_COUNT_BUCKETS}, got ${buckets}`,
        );
      }
      // As the reads do: records older than the TTL are left out even before a write has dropped them.
      const oldest = resolved.now() - ttlMs;
      const pipeline = redis.pipeline();
      for (const outcome of DECISION_OUTCOMES) {
        for (let bucket = 0; bucket < buckets; bucket += 1) {
          const start = fromMs + bucket * bucketMs;
          pipeline.zcount(keys.outcome(outcome), Math.max(start, oldest), `(${start + bucketMs}`);
        }
      }
      const replies = (await pipeline.exec()) ?? [];
      const counts = {} as Record<DecisionOutcome, number[]>;
      DECISION_OUTCOMES.forEach((outcome, index) => {
        counts[outcome] = replies.slice(index * buckets, (index + 1) * buckets).map(([error, count]) => {
          if (error !== null) throw error;
          return Number(count);
        });
      });
      return counts;
    },
    byConversation: (conversationId, page = {}) => {
      if (!ID_PATTERN.test(conversationId)) throw new DecisionQueryError("conversationId", "expected an id");
      return readPage(keys.conversation(conversationId), { fromMs: 0, toMs: Number.MAX_SAFE_INTEGER }, page);
    },
    search: (query = {}) => {
      const { queueId, outcome } = query;
      if (queueId !== undefined && !ID_PATTERN.test(queueId)) {
        throw new DecisionQueryError("queueId", "expected an id");
      }
      if (outcome !== undefined && !DECISION_OUTCOMES.includes(outcome)) {
        throw new DecisionQueryError("outcome", `expected one of ${DECISION_OUTCOMES.join(", ")}`);
      }
      const fromMs = timeBound("fromMs", query.fromMs, 0);
      const toMs = timeBound("toMs", query.toMs, Number.MAX_SAFE_INTEGER);
      if (fromMs > toMs) throw new DecisionQueryError("toMs", "must not be before fromMs");
      const index =
        queueId !== undefined && outcome !== undefined
          ? keys.outcomeQueue(outcome, queueId)
          : queueId !== undefined
            ? keys.queue(queueId)
            : outcome !== undefined
              ? keys.outcome(outcome)
              : keys.all;
      return readPage(index, { fromMs, toMs }, query);
    },
  };
}

function idOf(ref: string): string {
  return ref.slice(0, ref.indexOf("|"));
}

function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new DecisionQueryError("limit", `expected a whole number from 1 to ${MAX_PAGE_SIZE}, got ${limit}`);
  }
  return limit;
}

function timeBound(field: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new DecisionQueryError(field, `expected epoch milliseconds, got ${value}`);
  }
  return value;
}

function encodeCursor(score: string, ref: string): string {
  return Buffer.from(`${score}|${ref}`, "utf8").toString("base64url");
}

function decodeCursor(cursor: string): { score: string; ref: string } {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const separator = text.indexOf("|");
  const score = text.slice(0, separator);
  const ref = text.slice(separator + 1);
  if (separator <= 0 || !/^\d+$/.test(score) || !/^[^|]+\|[^|]+\|[^|]+\|[^|]+$/.test(ref)) {
    throw new DecisionQueryError("cursor", "not a cursor this log returned");
  }
  return { score, ref };
}

import type { Redis } from "ioredis";

/**
 * What an earlier attempt of the same job did about this write:
 * - `none`: nothing; this attempt decided the body and sent it.
 * - `resent`: an earlier attempt recorded the intent and never its result (it died, or the call failed
 *   without an answer): the SAME body was sent again, not this attempt's decision. Genesys may have
 *   applied the first send; sending the same write twice is harmless where the write is idempotent
 *   (`PATCH requestScoredAgents`, a bulk skill PATCH with absolute proficiencies), and never a second,
 *   different write.
 * - `recorded`: an earlier attempt sent it and recorded the answer: nothing was sent now.
 */
export type WriteReplay = "none" | "resent" | "recorded";

export interface JournaledWrite<Body> {
  /** The body Genesys got (from this attempt, or recorded by an earlier one): the job's outcome. */
  readonly body: Body;
  readonly replay: WriteReplay;
}

/**
 * The intent of every Genesys write, recorded in Redis before the call and completed after it, under the
 * job's idempotency key (job id + the write's identity). A worker killed between the call and its result
 * leaves an intent behind; the job's re-run (after a stall or a retry) finds it and re-sends that body
 * instead of deciding again from a Genesys that has moved on (the first write already offered the
 * conversation to an agent, so a fresh ranking differs).
 */
export interface WriteJournal {
  write<Body>(key: string, body: Body, send: (body: Body) => Promise<unknown>): Promise<JournaledWrite<Body>>;
}

/** The journal of one job: keys are the write's identity only (the job id is added). */
export interface JobWrites {
  write<Body>(
    identity: string,
    body: Body,
    send: (body: Body) => Promise<unknown>,
  ): Promise<JournaledWrite<Body>>;
}

export interface WriteJournalOptions {
  readonly redis: Pick<Redis, "set" | "get">;
  /** BULLMQ_PREFIX: the deployment's keys live under it. */
  readonly keyPrefix: string;
  /**
   * How long a record is kept: longer than any re-run of a live decision (stalls re-run in seconds,
   * retries within a minute); a replay from the failed set after that decides afresh.
   * @defaultValue 24 hours
   */
  readonly ttlMs?: number;
}

export const DEFAULT_WRITE_JOURNAL_TTL_MS = 24 * 60 * 60 * 1000;

interface JournalRecord {
  readonly state: "intent" | "done";
  readonly body: unknown;
  readonly atMs: number;
}

function parseRecord(raw: string): JournalRecord | undefined {
  try {
    const parsed = JSON.parse(raw) as Partial<JournalRecord>;
    if ((parsed.state === "intent" || parsed.state === "done") && "body" in parsed) {
      return { state: parsed.state, body: parsed.body, atMs: Number(parsed.atMs) };
    }
  } catch {
    // Not ours (or truncated): treated as absent, and overwritten below.
  }
  return undefined;
}

/** The key of one write of one job: the job's idempotency key plus what is written where. */
export function writeKey(jobId: string, identity: string): string {
  return `${jobId}|${identity}`;
}

export function createWriteJournal(options: WriteJournalOptions, now: () => number = Date.now): WriteJournal {
  const ttlMs = options.ttlMs ?? DEFAULT_WRITE_JOURNAL_TTL_MS;
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) throw new RangeError("ttlMs must be a positive integer");
  const { redis } = options;
  const redisKey = (key: string) => `${options.keyPrefix}:worker:write-journal:${key}`;
  const record = (state: JournalRecord["state"], body: unknown): string =>
    JSON.stringify({ state, body, atMs: now() } satisfies JournalRecord);

  return {
    async write<Body>(key: string, body: Body, send: (body: Body) => Promise<unknown>) {
      const stored = redisKey(key);
      const claimed = await redis.set(stored, record("intent", body), "PX", ttlMs, "NX");
      if (claimed === "OK") {
        await send(body);
        await redis.set(stored, record("done", body), "PX", ttlMs, "XX");
        return { body, replay: "none" as const };
      }
      const raw = await redis.get(stored);
      const earlier = raw === null ? undefined : parseRecord(raw);
      if (earlier === undefined) {
        // Expired (or unreadable) between the two commands: this attempt's decision stands.
        await redis.set(stored, record("intent", body), "PX", ttlMs);
        await send(body);
        await redis.set(stored, record("done", body), "PX", ttlMs, "XX");
        return { body, replay: "none" as const };
      }
      // The earlier attempt's body, as it was recorded (this journal wrote it from a Body).
      const earlierBody = earlier.body as Body;
      if (earlier.state === "done") return { body: earlierBody, replay: "recorded" as const };
      await send(earlierBody);
      await redis.set(stored, record("done", earlierBody), "PX", ttlMs, "XX");
      return { body: earlierBody, replay: "resent" as const };
    },
  };
}

/** The journal as one job sees it. */
export function jobWrites(journal: WriteJournal, jobId: string): JobWrites {
  return { write: (identity, body, send) => journal.write(writeKey(jobId, identity), body, send) };
}

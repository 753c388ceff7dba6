import type { Redis } from "ioredis";
import { z } from "zod";
import {
  type AdjustmentRun,
  type AuditEntry,
  auditEntrySchema,
  isRunId,
  RUN_STATUSES,
  type RunRecord,
  type RunStatus,
  runEventSchema,
  runRecordSchema,
} from "./run-record.js";

export interface RunStoreOptions {
  /** BULLMQ_PREFIX: runs live under `${prefix}:skill-adjustment`. @defaultValue "routing" */
  readonly prefix?: string;
  /** How long a run and its audit trail are kept after their last change. @defaultValue 90 days */
  readonly retentionMs?: number;
  /** Most entries the deployment-wide audit list keeps (the per-run lists keep all). @defaultValue 10_000 */
  readonly auditCap?: number;
  /** @defaultValue Date.now */
  readonly now?: () => number;
}

export const DEFAULT_RUN_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

/** A state change refused: the run is not in a state that allows it (`status` is what it is in). */
export interface TransitionRefused {
  readonly ok: false;
  /** Undefined: there is no such run. */
  readonly status: RunStatus | undefined;
}

export type TransitionResult = { readonly ok: true; readonly run: AdjustmentRun } | TransitionRefused;

export interface RunStore {
  /** Creates the run unless one with its id exists; returns the run as stored (the existing one if so). */
  create(record: RunRecord, status: RunStatus): Promise<AdjustmentRun>;
  get(runId: string): Promise<AdjustmentRun | undefined>;
  /** Newest first. */
  list(limit: number): Promise<AdjustmentRun[]>;
  /**
   * Moves the run from one of `from` to `to` atomically (so two supervisors, or two workers, never both
   * act); records `event` (approval, rejection, rollback request) with it.
   */
  transition(
    runId: string,
    from: readonly RunStatus[],
    to: RunStatus,
    event?: { readonly kind: "decided" | "rollbackRequested"; readonly by: string },
  ): Promise<TransitionResult>;
  /** Appends to the run's audit trail and to the deployment-wide one. */
  audit(entries: readonly AuditEntry[]): Promise<void>;
  /** The run's audit trail, oldest first. */
  auditOf(runId: string): Promise<AuditEntry[]>;
  /** Records what a phase did for one user (idempotency across retries). */
  markDone(runId: string, phase: "apply" | "rollback", userId: string, value: unknown): Promise<void>;
  /** What each user's phase recorded, by user id. */
  doneOf(runId: string, phase: "apply" | "rollback"): Promise<Map<string, unknown>>;
}

/** KEYS run hash, runs zset. ARGV runId, allowed statuses (comma list), to, now, ttl, [eventField, eventJson]. */
const TRANSITION = `
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return {0, ''} end
local allowed = false
for s in string.gmatch(ARGV[2], '[^,]+') do if s == status then allowed = true end end
if not allowed then return {0, status} end
redis.call('HSET', KEYS[1], 'status', ARGV[3], 'updatedAtMs', ARGV[4])
if ARGV[6] then redis.call('HSET', KEYS[1], ARGV[6], ARGV[7]) end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return {1, ARGV[3]}
`;

const decidedSchema = runEventSchema.extend({ decision: z.enum(["approved", "rejected"]) });

function isStatus(value: unknown): value is RunStatus {
  return typeof value === "string" && (RUN_STATUSES as readonly string[]).includes(value);
}

function parseJson(raw: string | undefined): unknown {
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** A stored run back to its typed form; undefined when missing or damaged. */
function decodeRun(fields: Record<string, string>): AdjustmentRun | undefined {
  const record = runRecordSchema.safeParse(parseJson(fields.record));
  if (!record.success || !isStatus(fields.status)) return undefined;
  const decided = decidedSchema.safeParse(parseJson(fields.decided));
  const rollback = runEventSchema.safeParse(parseJson(fields.rollbackRequested));
  return {
    ...record.data,
    status: fields.status,
    updatedAtMs: Number(fields.updatedAtMs) || record.data.createdAtMs,
    ...(decided.success ? { decided: decided.data } : {}),
    ...(rollback.success ? { rollbackRequested: rollback.data } : {}),
  };
}

/**
 * Skill adjustment runs in Redis, shared by the worker (which creates and applies them) and the dashboard
 * (which lists them and records approvals). Keys under `${prefix}:skill-adjustment`: `runs` (ZSET by
 * creation time), `run:{runId}` (HASH: record, status, updatedAtMs, decided, rollbackRequested,
 * `apply:{userId}` / `rollback:{userId}`), `audit:{runId}` (LIST) and `audit` (LIST, newest first, capped).
 */
export function createRunStore(redis: Redis, options: RunStoreOptions = {}): RunStore {
  const base = `${options.prefix ?? "routing"}:skill-adjustment`;
  const retentionMs = options.retentionMs ?? DEFAULT_RUN_RETENTION_MS;
  const auditCap = options.auditCap ?? 10_000;
  const now = options.now ?? Date.now;
  const keys = {
    runs: `${base}:runs`,
    run: (runId: string) => `${base}:run:${runId}`,
    audit: (runId: string) => `${base}:audit:${runId}`,
    allAudit: `${base}:audit`,
  };
  const get = async (runId: string): Promise<AdjustmentRun | undefined> =>
    isRunId(runId) ? decodeRun(await redis.hgetall(keys.run(runId))) : undefined;

  return {
    async create(record, status) {
      const parsed = runRecordSchema.parse(record);
      const key = keys.run(parsed.runId);
      const created = await redis.hsetnx(key, "record", JSON.stringify(parsed));
      if (created === 1) {
        await redis
          .multi()
          .hset(key, "status", status, "updatedAtMs", String(now()))
          .pexpire(key, retentionMs)
          .zadd(keys.runs, parsed.createdAtMs, parsed.runId)
          .exec();
      }
      const stored = await get(parsed.runId);
      if (stored === undefined) throw new Error(`run ${parsed.runId} could not be read back`);
      return stored;
    },
    get,
    async list(limit) {
      // Runs expire one by one; their ids leave the index here when found gone.
      const ids = await redis.zrevrange(keys.runs, 0, Math.max(0, limit - 1));
      const runs: AdjustmentRun[] = [];
      const gone: string[] = [];
      for (const runId of ids) {
        const run = await get(runId);
        if (run === undefined) gone.push(runId);
        else runs.push(run);
      }
      if (gone.length > 0) await redis.zrem(keys.runs, ...gone);
      return runs;
    },
    async transition(runId, from, to, event) {
      if (!isRunId(runId)) return { ok: false, status: undefined };
      const atMs = now();
      const eventArgs =
        event === undefined
          ? []
          : [
              event.kind,
              JSON.stringify(
                event.kind === "decided"
                  ? { by: event.by, atMs, decision: to === "rejected" ? "rejected" : "approved" }
                  : { by: event.by, atMs },
              ),
            ];
      const [applied, status] = (await redis.eval(
        TRANSITION,
        2,
        keys.run(runId),
        keys.runs,
        runId,
        from.join(","),
        to,
        String(atMs),
        String(retentionMs),
        ...eventArgs,
      )) as [number, string];
      if (applied !== 1) return { ok: false, status: isStatus(status) ? status : undefined };
      const run = await get(runId);
      return run === undefined ? { ok: false, status: undefined } : { ok: true, run };
    },
    async audit(entries) {
      if (entries.length === 0) return;
      const multi = redis.multi();
      for (const entry of entries) {
        const text = JSON.stringify(auditEntrySchema.parse(entry));
        multi.rpush(keys.audit(entry.runId), text).pexpire(keys.audit(entry.runId), retentionMs);
        multi.lpush(keys.allAudit, text);
      }
      multi.ltrim(keys.allAudit, 0, auditCap - 1);
      await multi.exec();
    },
    async auditOf(runId) {
      if (!isRunId(runId)) return [];
      const raw = await redis.lrange(keys.audit(runId), 0, -1);
      return raw.flatMap((text) => {
        const parsed = auditEntrySchema.safeParse(parseJson(text));
        return parsed.success ? [parsed.data] : [];
      });
    },
    async markDone(runId, phase, userId, value) {
      await redis.hset(keys.run(runId), `${phase}:${userId}`, JSON.stringify(value));
    },
    async doneOf(runId, phase) {
      const fields = await redis.hgetall(keys.run(runId));
      const done = new Map<string, unknown>();
      for (const [field, raw] of Object.entries(fields)) {
        if (field.startsWith(`${phase}:`)) done.set(field.slice(phase.length + 1), parseJson(raw));
      }
      return done;
    },
  };
}

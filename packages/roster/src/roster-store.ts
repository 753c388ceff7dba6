import { runScript } from "@routing/redis-scripts";
import type { Redis } from "ioredis";
import type { MembershipChange } from "./events.js";
import { isGenesysId } from "./genesys-values.js";
import { type RosterKeys, rosterKeys } from "./keys.js";
import { type ResolvedRosterOptions, type RosterOptions, resolveRosterOptions } from "./options.js";
import {
  indexMembers,
  type ListingFloors,
  mergeMembers,
  type QueueRoster,
  type RosterMember,
  sameFloors,
  withListingFloors,
} from "./queue-roster.js";
import { createUserDecoder, decodeMembership, encodeObservation, type UserObservation } from "./records.js";
import {
  APPLY_CONFIRMATION_PAGE,
  APPLY_LISTED_USERS,
  APPLY_MEMBERSHIP,
  APPLY_USERS,
  FINISH_CONFIRMATION,
  FINISH_REFRESH,
  MARK_STALE,
  READ_ROSTER,
} from "./scripts.js";
import {
  assessStaleness,
  decodeMeta,
  type MarkedStaleReason,
  type QueueMeta,
  type Staleness,
} from "./staleness.js";

/** A write the roster refuses before it reaches Redis: names the field. */
export class RosterInputError extends Error {
  override readonly name = "RosterInputError";
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`roster input "${field}" ${reason}`);
  }
}

/**
 * - `ignored`: older than what the roster holds (or than its last complete read): nothing written.
 * - `unchanged`: recorded (a newer version of the same fact).
 * - `joined` / `left`: the member's membership changed.
 */
export type MembershipOutcome = "ignored" | "unchanged" | "left" | "joined";

const MEMBERSHIP_OUTCOMES: readonly MembershipOutcome[] = ["ignored", "unchanged", "left", "joined"];

export type ConfirmationKind = "seed" | "reconcile";

/** A complete read of a queue's members, applied page by page and then finished. */
export interface RosterConfirmation {
  readonly queueId: string;
  readonly startedAtMs: number;
  /** Applies one page of listed members (each joined as of `startedAtMs`). */
  applyPage(observations: readonly UserObservation[]): Promise<{ memberships: number; users: number }>;
  /** Everyone joined before `startedAtMs` and not listed has left; the queue is confirmed as of then. */
  finish(): Promise<{ readonly listed: number; readonly left: number }>;
}

/**
 * What a refresh re-reads of every joined member of its queues, and the queue meta field that records it:
 * - `skills`: skills and languages (one queue's members listing);
 * - `csat`: CSAT (the survey aggregates of all the followed queues at once).
 */
export const REFRESHED_FIELDS = {
  skills: { metaField: "skillsRefreshedAt", carries: ["skills", "languages"] },
  csat: { metaField: "csatRefreshedAt", carries: ["csat"] },
} as const satisfies Record<string, { metaField: string; carries: readonly (keyof UserObservation)[] }>;

export type RefreshedField = keyof typeof REFRESHED_FIELDS;

/**
 * A re-read of one field of every joined member of some queues, read at `startedAtMs`, applied page by page
 * and then finished. Pages are quiet (`scripts.ts`): where a member's value is what the roster holds, only
 * the stored read time moves, and `finish` tells every reader at once by raising each queue's meta field.
 */
export interface RosterRefresh {
  readonly field: RefreshedField;
  readonly queueIds: readonly string[];
  readonly startedAtMs: number;
  /**
   * Each observation's `readAtMs` must be `startedAtMs`, and it may carry the refreshed field and nothing
   * else a reader is shown. Returns how many users changed.
   */
  applyPage(observations: readonly UserObservation[]): Promise<number>;
  finish(): Promise<void>;
}

export interface QueueStatus extends Staleness {
  readonly queueId: string;
  readonly version: number;
  readonly meta: QueueMeta;
}

export interface RosterStore {
  readonly options: ResolvedRosterOptions;
  readonly keys: RosterKeys;
  /** Activity events, targeted reads, our own skill writes: each field applied only if newer. Returns users changed. */
  applyObservations(observations: readonly UserObservation[]): Promise<number>;
  applyMembership(change: MembershipChange): Promise<MembershipOutcome>;
  beginConfirmation(queueId: string, kind: ConfirmationKind, startedAtMs: number): RosterConfirmation;
  /** Stale until a complete read that begins at or after `untilMs`. Returns false when already marked so. */
  markStale(queueId: string, reason: MarkedStaleReason, untilMs: number): Promise<boolean>;
  /** A refresh of `field` for the members of `queueIds` (the queues whose members were all read). */
  beginRefresh(field: RefreshedField, queueIds: readonly string[], startedAtMs: number): RosterRefresh;
  /** After a reconciliation of the queue: counts it clean (nothing repaired) or starts the count again. */
  recordReconciliation(queueId: string, repaired: boolean): Promise<void>;
  /** The whole roster of a queue, in one round trip. */
  readQueueRoster(queueId: string): Promise<QueueRoster>;
  /** Version and staleness of each queue, without members, in one round trip. */
  readQueueStatus(queueIds: readonly string[]): Promise<QueueStatus[]>;
  /** Ids of the members who have joined (and not left) the queue. */
  joinedMembers(queueId: string): Promise<string[]>;
  membershipVersions(queueIds: readonly string[]): Promise<Map<string, number>>;
  /** Records that the ingester follows these queues (the workers' scheduled jobs read it). */
  declareFollowed(queueIds: readonly string[], atMs: number): Promise<void>;
  /** Queues declared within `withinMs` of now, oldest confirmation first is the caller's business. */
  followedQueues(withinMs: number): Promise<string[]>;
  /**
   * For `onStale: "refresh-once"`: true for exactly one caller per staleness episode (and again once
   * `staleRefreshClaimMs` has passed), so a storm of decisions refreshes a queue once.
   */
  claimStaleRefresh(roster: StaleEpisode): Promise<boolean>;
  /**
   * Gives a claim back after its read failed, so that the next job (the claimant's own retry included)
   * reads the queue at once instead of after `staleRefreshClaimMs`.
   */
  releaseStaleRefresh(roster: StaleEpisode): Promise<void>;
}

/** What names a staleness episode (a `QueueRoster` has it all). */
export type StaleEpisode = Pick<
  QueueRoster,
  "queueId" | "stale" | "staleReason" | "staleUntilMs" | "confirmedAtMs"
>;

function requireId(field: string, value: string): string {
  if (!isGenesysId(value)) throw new RosterInputError(field, "must be a Genesys id (UUID)");
  return value;
}

function requireIds(field: string, values: readonly string[]): void {
  values.forEach((value, index) => {
    requireId(`${field}[${index}]`, value);
  });
}

function requireStamp(field: string, value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RosterInputError(field, "must be epoch milliseconds (a non-negative whole number)");
  }
  return String(value);
}

/** Pairs (userId, observation JSON) for the scripts, each validated. */
function observationArgs(observations: readonly UserObservation[], field: string): string[] {
  const args: string[] = [];
  observations.forEach((observation, index) => {
    requireId(`${field}[${index}].userId`, observation.userId);
    const encoded = encodeObservation(observation);
    for (const stamp of ["st", "pt", "kt", "lt", "nt", "ct"] as const) {
      const value = encoded[stamp];
      if (value !== undefined) requireStamp(`${field}[${index}]`, value);
    }
    if (encoded.c !== undefined && !(Number.isFinite(encoded.c) && encoded.c >= 0 && encoded.c <= 1)) {
      throw new RosterInputError(`${field}[${index}].csat`, "must be a number from 0 to 1");
    }
    args.push(observation.userId, JSON.stringify(encoded));
  });
  return args;
}

const BATCH = 200;
const USER_CACHE_ENTRIES = 20_000;

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.map((item) => (item === null ? "" : String(item))) : [];
}

function asNullableStrings(value: unknown): (string | null)[] {
  return Array.isArray(value) ? value.map((item) => (item === null ? null : String(item))) : [];
}

/**
 * The roster in Redis, shared by every ingester and worker of a deployment. Takes an ioredis connection
 * (the caller owns it) and the options (validated; RosterOptionsError names a bad one). Reads no env.
 */
interface HeldRoster {
  /** The change log's sequence the members are as of: the next read asks only for what came after. */
  readonly changeSeq: string;
  readonly seededAtMs: number | null;
  /**
   * What the last read returned, and what every later read is built from. Never written once handed out:
   * a caller may keep a `QueueRoster` across awaits (the reconciliation counts drift against the roster it
   * read before its listing, while decisions read the same queue), so a merge copies it (pointers only).
   */
  readonly members: readonly RosterMember[];
  /**
   * The members' positions by id, updated in place by the next merge rather than rebuilt (a merge takes it,
   * leaving undefined, so two overlapping reads from the same held roster cannot both update it: the later
   * one rebuilds it). Undefined until a merge needs it.
   */
  index: Map<string, number> | undefined;
  /** Until then the held members' `skillsExpired` still hold (may be earlier: it then costs one scan). */
  readonly skillsFreshUntilMs: number;
  /** The queue's listing floors the members were decoded under. */
  readonly floors: ListingFloors;
}

/** Until then none of these members' skills pass `skillsTtlMs` (their `skillsExpired` still hold). */
function skillsFreshUntil(members: Iterable<RosterMember | undefined>, skillsTtlMs: number): number {
  let until = Number.POSITIVE_INFINITY;
  for (const member of members) {
    if (member !== undefined && !member.skillsExpired && member.skillsReadAtMs !== undefined) {
      until = Math.min(until, member.skillsReadAtMs + skillsTtlMs);
    }
  }
  return until;
}

/**
 * The held members as of `nowMs`: those whose skills have since passed the TTL marked expired, in the
 * same positions (the index still holds); `members` itself when none has.
 */
function expireSkills(
  members: readonly RosterMember[],
  nowMs: number,
  skillsTtlMs: number,
): readonly RosterMember[] {
  let expired: RosterMember[] | undefined;
  members.forEach((member, position) => {
    if (
      !member.skillsExpired &&
      member.skillsReadAtMs !== undefined &&
      nowMs - member.skillsReadAtMs > skillsTtlMs
    ) {
      expired ??= members.slice();
      expired[position] = { ...member, skillsExpired: true };
    }
  });
  return expired ?? members;
}

export function createRosterStore(redis: Redis, options: RosterOptions = {}): RosterStore {
  const settings = resolveRosterOptions(options);
  const keys = rosterKeys(settings.keyPrefix);
  // An episode: a marked one ends with its staleUntil, the others with the next confirmation.
  const staleRefreshClaimKey = (roster: StaleEpisode): string =>
    keys.staleRefreshClaim(
      roster.queueId,
      `${roster.staleReason ?? "stale"}-${roster.staleUntilMs ?? roster.confirmedAtMs ?? 0}`,
    );
  // Enough for every member of the largest queues a process reads, however often it reads them.
  const decodeUser = createUserDecoder(USER_CACHE_ENTRIES);
  // The members this process last decoded per queue: Redis sends only the users written since.
  const decoded = new Map<string, HeldRoster>();
  const membershipKeys = (queueId: string): string[] => [
    keys.members(queueId),
    keys.meta(queueId),
    keys.users,
    keys.versions,
    keys.membershipVersions,
    keys.changes,
    keys.changeSeq,
  ];

  const applyObservations = async (
    observations: readonly UserObservation[],
    script = APPLY_USERS,
  ): Promise<number> => {
    const args = observationArgs(observations, "observations");
    let changed = 0;
    for (let start = 0; start < args.length; start += BATCH * 2) {
      const slice = args.slice(start, start + BATCH * 2);
      changed += Number(
        await runScript(redis, script, [keys.users, keys.versions, keys.changes, keys.changeSeq], slice),
      );
    }
    return changed;
  };

  return {
    options: settings,
    keys,
    applyObservations: (observations) => applyObservations(observations),

    async applyMembership(change) {
      const queueId = requireId("queueId", change.queueId);
      const userId = requireId("userId", change.userId);
      const stamp = requireStamp("observedAtMs", change.observedAtMs);
      const outcome = Number(
        await runScript(redis, APPLY_MEMBERSHIP, membershipKeys(queueId), [
          queueId,
          userId,
          change.joined ? "1" : "0",
          stamp,
        ]),
      );
      return MEMBERSHIP_OUTCOMES[outcome] ?? "ignored";
    },

    beginConfirmation(queueId, kind, startedAtMs) {
      requireId("queueId", queueId);
      const stamp = requireStamp("startedAtMs", startedAtMs);
      const listed = new Set<string>();
      let finished = false;
      return {
        queueId,
        startedAtMs,
        async applyPage(observations) {
          if (finished) throw new RosterInputError("confirmation", "is already finished");
          const args = observationArgs(observations, "observations");
          for (const observation of observations) listed.add(observation.userId);
          let memberships = 0;
          let users = 0;
          for (let start = 0; start < args.length; start += BATCH * 2) {
            const [m, u] = asStrings(
              await runScript(redis, APPLY_CONFIRMATION_PAGE, membershipKeys(queueId), [
                queueId,
                stamp,
                ...args.slice(start, start + BATCH * 2),
              ]),
            ).map(Number);
            memberships += m ?? 0;
            users += u ?? 0;
          }
          return { memberships, users };
        },
        async finish() {
          if (finished) throw new RosterInputError("confirmation", "is already finished");
          finished = true;
          const left = Number(
            await runScript(redis, FINISH_CONFIRMATION, membershipKeys(queueId), [
              queueId,
              stamp,
              kind,
              ...listed,
            ]),
          );
          return { listed: listed.size, left };
        },
      };
    },

    async markStale(queueId, reason, untilMs) {
      requireId("queueId", queueId);
      const until = requireStamp("untilMs", untilMs);
      const now = requireStamp("now", Math.trunc(settings.now()));
      return Number(await runScript(redis, MARK_STALE, [keys.meta(queueId)], [until, reason, now])) === 1;
    },

    beginRefresh(field, queueIds, startedAtMs) {
      if (!Object.hasOwn(REFRESHED_FIELDS, field)) {
        throw new RosterInputError("field", `must be one of ${Object.keys(REFRESHED_FIELDS).join(", ")}`);
      }
      const refreshed = REFRESHED_FIELDS[field];
      requireIds("queueIds", queueIds);
      const stamp = requireStamp("startedAtMs", startedAtMs);
      const carried = new Set<string>(refreshed.carries);
      let finished = false;
      return {
        field,
        queueIds,
        startedAtMs,
        async applyPage(observations) {
          if (finished) throw new RosterInputError("refresh", "is already finished");
          observations.forEach((observation, index) => {
            // A later read time would be hidden behind the quiet write (readers take startedAtMs).
            if (observation.readAtMs !== startedAtMs) {
              throw new RosterInputError(
                `observations[${index}].readAtMs`,
                `must be the refresh's startedAtMs (${startedAtMs})`,
              );
            }
            // Another field would move quietly with no meta field to stand for it.
            const other = Object.entries(observation).find(
              ([key, value]) =>
                value !== undefined && key !== "userId" && key !== "readAtMs" && !carried.has(key),
            )?.[0];
            if (other !== undefined) {
              throw new RosterInputError(
                `observations[${index}].${other}`,
                `is not refreshed by a ${field} refresh`,
              );
            }
          });
          return applyObservations(observations, APPLY_LISTED_USERS);
        },
        async finish() {
          if (finished) throw new RosterInputError("refresh", "is already finished");
          finished = true;
          for (const queueId of queueIds) {
            await runScript(
              redis,
              FINISH_REFRESH,
              [keys.meta(queueId), keys.versions],
              [queueId, refreshed.metaField, stamp],
            );
          }
        },
      };
    },

    async recordReconciliation(queueId, repaired) {
      requireId("queueId", queueId);
      const meta = keys.meta(queueId);
      if (repaired) await redis.hset(meta, "cleanReconciliations", "0");
      else await redis.hincrby(meta, "cleanReconciliations", 1);
    },

    async readQueueRoster(queueId) {
      requireId("queueId", queueId);
      const read = async (held: HeldRoster | undefined) => {
        const reply = await runScript(
          redis,
          READ_ROSTER,
          [
            keys.members(queueId),
            keys.meta(queueId),
            keys.users,
            keys.versions,
            keys.changes,
            keys.changeSeq,
          ],
          [queueId, held === undefined ? "" : held.changeSeq],
        );
        const [version, metaPairs, changeSeq, kind, ids, memberships, users] = Array.isArray(reply)
          ? reply
          : [];
        return {
          version: Number(version ?? 0) || 0,
          meta: decodeMeta(asStrings(metaPairs)),
          changeSeq: String(changeSeq ?? "0"),
          kind: String(kind),
          raw: {
            ids: asStrings(ids),
            memberships: asNullableStrings(memberships),
            users: asNullableStrings(users),
          },
        };
      };
      const held = decoded.get(queueId);
      let reply = await read(held);
      const readAtMs = settings.now();
      // Held members are another seed's when Redis was emptied and the queue seeded again: read it all.
      if (held !== undefined && reply.kind !== "all" && held.seededAtMs !== (reply.meta.seededAtMs ?? null)) {
        reply = await read(undefined);
      }
      const floors: ListingFloors = {
        confirmedAtMs: reply.meta.confirmedAtMs,
        skillsRefreshedAtMs: reply.meta.skillsRefreshedAtMs,
        csatRefreshedAtMs: reply.meta.csatRefreshedAtMs,
      };
      const decoding = { nowMs: readAtMs, skillsTtlMs: settings.skillsTtlMs, floors, decode: decodeUser };
      // A changed read costs what changed, not the queue's size: the held index is updated in place.
      let members: readonly RosterMember[];
      let index: Map<string, number> | undefined;
      let skillsFreshUntilMs: number;
      if (held !== undefined && reply.kind === "same") {
        members = held.members;
        index = held.index;
        skillsFreshUntilMs = held.skillsFreshUntilMs;
      } else if (held !== undefined && reply.kind === "changes") {
        const positions = held.index ?? indexMembers(held.members);
        const merged = mergeMembers(held.members, reply.raw, decoding, positions);
        const changed = reply.raw.ids.map((id) => merged[positions.get(id) ?? -1]);
        members = merged;
        index = positions;
        // Those the merge replaced or dropped may have set the held bound: keeping it is only early.
        skillsFreshUntilMs = Math.min(
          held.skillsFreshUntilMs,
          skillsFreshUntil(changed, settings.skillsTtlMs),
        );
      } else {
        index = new Map();
        members = mergeMembers([], reply.raw, decoding, index);
        skillsFreshUntilMs = skillsFreshUntil(members, settings.skillsTtlMs);
      }
      if (held !== undefined) {
        held.index = undefined;
        // A listing since: the members it found unchanged were not sent, the new floors stand for them
        // (positions kept, so the index still holds).
        if (reply.kind !== "all" && !sameFloors(held.floors, floors)) {
          members = members.map((member) =>
            withListingFloors(member, floors, readAtMs, settings.skillsTtlMs),
          );
          skillsFreshUntilMs = skillsFreshUntil(members, settings.skillsTtlMs);
        }
      }
      if (readAtMs > skillsFreshUntilMs) {
        members = expireSkills(members, readAtMs, settings.skillsTtlMs);
        skillsFreshUntilMs = skillsFreshUntil(members, settings.skillsTtlMs);
      }
      decoded.set(queueId, {
        changeSeq: reply.changeSeq,
        seededAtMs: reply.meta.seededAtMs ?? null,
        members,
        index,
        skillsFreshUntilMs,
        floors,
      });
      const staleness = assessStaleness(reply.meta, readAtMs, settings.maxConfirmedAgeMs);
      return {
        queueId,
        version: reply.version,
        stale: staleness.stale,
        ...(staleness.staleReason === undefined ? {} : { staleReason: staleness.staleReason }),
        seededAtMs: reply.meta.seededAtMs ?? null,
        confirmedAtMs: reply.meta.confirmedAtMs ?? null,
        staleUntilMs: reply.meta.staleUntilMs ?? null,
        readAtMs,
        members,
      };
    },

    async readQueueStatus(queueIds) {
      requireIds("queueIds", queueIds);
      if (queueIds.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const queueId of queueIds) pipeline.hgetall(keys.meta(queueId));
      pipeline.hmget(keys.versions, ...queueIds);
      const replies = (await pipeline.exec()) ?? [];
      const versions = asNullableStrings(replies[queueIds.length]?.[1]);
      const nowMs = settings.now();
      return queueIds.map((queueId, index) => {
        const [error, fields] = replies[index] ?? [null, {}];
        if (error) throw error;
        const meta = decodeMeta(Object.entries((fields ?? {}) as Record<string, string>).flat());
        return {
          queueId,
          version: Number(versions[index] ?? 0) || 0,
          meta,
          ...assessStaleness(meta, nowMs, settings.maxConfirmedAgeMs),
        };
      });
    },

    async joinedMembers(queueId) {
      requireId("queueId", queueId);
      const entries = await redis.hgetall(keys.members(queueId));
      return Object.entries(entries)
        .filter(([, raw]) => decodeMembership(raw)?.joined === true)
        .map(([userId]) => userId);
    },

    async membershipVersions(queueIds) {
      requireIds("queueIds", queueIds);
      const versions = new Map<string, number>();
      if (queueIds.length === 0) return versions;
      const values = await redis.hmget(keys.membershipVersions, ...queueIds);
      queueIds.forEach((queueId, index) => {
        versions.set(queueId, Number(values[index] ?? 0) || 0);
      });
      return versions;
    },

    async declareFollowed(queueIds, atMs) {
      requireIds("queueIds", queueIds);
      const stamp = requireStamp("atMs", atMs);
      if (queueIds.length === 0) return;
      await redis.hset(keys.followed, ...queueIds.flatMap((queueId) => [queueId, stamp]));
    },

    async followedQueues(withinMs) {
      const entries = await redis.hgetall(keys.followed);
      const since = settings.now() - withinMs;
      return Object.entries(entries)
        .filter(([queueId, at]) => isGenesysId(queueId) && Number(at) >= since)
        .map(([queueId]) => queueId)
        .sort();
    },

    async claimStaleRefresh(roster) {
      requireId("queueId", roster.queueId);
      if (!roster.stale) return false;
      const claimed = await redis.set(
        staleRefreshClaimKey(roster),
        String(settings.now()),
        "PX",
        settings.staleRefreshClaimMs,
        "NX",
      );
      return claimed === "OK";
    },

    async releaseStaleRefresh(roster) {
      requireId("queueId", roster.queueId);
      await redis.del(staleRefreshClaimKey(roster));
    },
  };
}

import type { CandidateAgent, RoutingStatusSnapshot } from "@routing/core";
import { isOnQueuePresence } from "./genesys-values.js";
import { type DecodedUser, decodeMembership, decodeUser } from "./records.js";
import type { StaleReason } from "./staleness.js";

/**
 * One member of a queue's roster: a core `CandidateAgent` (id, name, active skills with proficiency,
 * active languages, routing status with its start time as epoch ms) plus what the roster knows besides.
 */
export interface RosterMember extends CandidateAgent {
  readonly id: string;
  readonly skills: Readonly<Record<string, number>>;
  readonly languages: readonly string[];
  readonly routingStatus?: RoutingStatusSnapshot | undefined;
  /** Genesys system presence ("On Queue", "Available", ...) and when it changed; undefined when unknown. */
  readonly presence: { readonly systemPresence: string; readonly modifiedAtMs: number } | undefined;
  /** False: the member left (kept until the next complete read, so an older join cannot revive it). */
  readonly joined: boolean;
  readonly membershipChangedAtMs: number;
  /** When the skills were read (or written by us); undefined when never. */
  readonly skillsReadAtMs: number | undefined;
  /** The skills are older than `skillsTtlMs` (or were never read). */
  readonly skillsExpired: boolean;
  /** When the CSAT (`csat`, 0–1, undefined without survey data) was read; undefined when never. */
  readonly csatReadAtMs?: number | undefined;
}

export interface QueueRoster {
  readonly queueId: string;
  /**
   * Changes counter: any write to what a decision reads (a value, or when it was read) raises it; a listing
   * that found nothing new raises it once, at its end.
   */
  readonly version: number;
  readonly stale: boolean;
  readonly staleReason?: StaleReason | undefined;
  /** Start of the latest complete seed; null before the first. */
  readonly seededAtMs: number | null;
  /** Start of the latest complete read (seed or reconciliation); null before the first. */
  readonly confirmedAtMs: number | null;
  /** Stale until a complete read that begins at or after this (a socket gap's end); null when not marked. */
  readonly staleUntilMs: number | null;
  /** Epoch ms of this read. */
  readonly readAtMs: number;
  /**
   * Never changed once returned, whatever is read later (a later read builds a new array), so a caller may
   * keep it across awaits. Its order means nothing: a full read's is Redis' hash order, and later reads keep
   * each member's position and move the last member into a dropped one's.
   */
  readonly members: readonly RosterMember[];
}

/**
 * May this member be offered a conversation at all: joined, and not known to be off queue (a presence other
 * than On Queue means Genesys will not route to the agent, whatever the last routing status said).
 */
export function isRoutable(member: RosterMember): boolean {
  if (!member.joined) return false;
  if (member.presence !== undefined && !isOnQueuePresence(member.presence.systemPresence)) return false;
  return member.routingStatus?.status !== "OFF_QUEUE";
}

/** The members core's ranking may consider (`buildRequestScoredAgents`, `planRejectionFollowUp`). */
export function rosterCandidates(roster: Pick<QueueRoster, "members">): RosterMember[] {
  return roster.members.filter(isRoutable);
}

export interface RawRoster {
  readonly ids: readonly string[];
  readonly memberships: readonly (string | null)[];
  readonly users: readonly (string | null)[];
}

type UserDecode = (record: string | null | undefined) => DecodedUser;

/**
 * What a queue's meta says of the members a listing found (`scripts.ts`: listings are quiet, so a member a
 * listing found unchanged still holds the stamps of its last change): the membership of each member joined
 * then held at `confirmedAtMs`, and the skills of each were read at `skillsRefreshedAtMs`.
 */
export interface ListingFloors {
  /** Start of the latest complete read of the members (meta confirmedAt). */
  readonly confirmedAtMs: number | undefined;
  /** Start of the latest listing of the members' skills (meta skillsRefreshedAt, a seed's or a refresh's). */
  readonly skillsRefreshedAtMs: number | undefined;
  /** Start of the latest CSAT refresh (meta csatRefreshedAt). */
  readonly csatRefreshedAtMs: number | undefined;
}

export const NO_LISTING: ListingFloors = {
  confirmedAtMs: undefined,
  skillsRefreshedAtMs: undefined,
  csatRefreshedAtMs: undefined,
};

export function sameFloors(a: ListingFloors, b: ListingFloors): boolean {
  return (
    a.confirmedAtMs === b.confirmedAtMs &&
    a.skillsRefreshedAtMs === b.skillsRefreshedAtMs &&
    a.csatRefreshedAtMs === b.csatRefreshedAtMs
  );
}

interface ListedStamps {
  readonly membershipChangedAtMs: number;
  readonly skillsReadAtMs: number | undefined;
  readonly csatReadAtMs: number | undefined;
}

/** A read time under a refresh's floor: the floor when later, for a value that was ever read. */
const floored = (readAtMs: number | undefined, floor: number | undefined, listed: boolean) =>
  readAtMs !== undefined && floor !== undefined && listed ? Math.max(readAtMs, floor) : readAtMs;

/**
 * A member's stamps as the listings stand: a joined member was confirmed at `confirmedAtMs` at the latest,
 * and one joined by a refresh's start (a member who joined later was not listed) whose skills or CSAT were
 * ever read had them read then. Applied alike to a member just decoded and to one held across listings
 * (floors only rise), so that both give what a full read gives.
 */
function listedStamps(joined: boolean, stamps: ListedStamps, floors: ListingFloors): ListedStamps {
  if (!joined) return stamps;
  const membership = Math.max(stamps.membershipChangedAtMs, floors.confirmedAtMs ?? 0);
  const skillsFloor = floors.skillsRefreshedAtMs;
  const csatFloor = floors.csatRefreshedAtMs;
  return {
    membershipChangedAtMs: membership,
    skillsReadAtMs: floored(stamps.skillsReadAtMs, skillsFloor, membership <= (skillsFloor ?? 0)),
    csatReadAtMs: floored(stamps.csatReadAtMs, csatFloor, membership <= (csatFloor ?? 0)),
  };
}

/** `member` under new floors (the same object when they move nothing). */
export function withListingFloors(
  member: RosterMember,
  floors: ListingFloors,
  nowMs: number,
  skillsTtlMs: number,
): RosterMember {
  const stamps = listedStamps(member.joined, stampsOf(member), floors);
  if (
    stamps.membershipChangedAtMs === member.membershipChangedAtMs &&
    stamps.skillsReadAtMs === member.skillsReadAtMs &&
    stamps.csatReadAtMs === member.csatReadAtMs
  ) {
    return member;
  }
  return {
    ...member,
    membershipChangedAtMs: stamps.membershipChangedAtMs,
    skillsReadAtMs: stamps.skillsReadAtMs,
    skillsExpired: skillsExpiredAt(stamps.skillsReadAtMs, nowMs, skillsTtlMs),
    // Only a member with a CSAT has its read time (left out otherwise, as a full read leaves it out).
    ...(member.csat === undefined ? {} : { csatReadAtMs: stamps.csatReadAtMs }),
  };
}

function stampsOf(member: RosterMember): ListedStamps {
  return {
    membershipChangedAtMs: member.membershipChangedAtMs,
    skillsReadAtMs: member.skillsReadAtMs,
    csatReadAtMs: member.csatReadAtMs,
  };
}

function skillsExpiredAt(skillsReadAtMs: number | undefined, nowMs: number, skillsTtlMs: number): boolean {
  return skillsReadAtMs === undefined || nowMs - skillsReadAtMs > skillsTtlMs;
}

/** One member from its membership entry and user record; undefined when the membership is missing or damaged. */
function decodeMember(
  id: string,
  rawMembership: string | null | undefined,
  rawUser: string | null | undefined,
  nowMs: number,
  skillsTtlMs: number,
  decode: UserDecode,
  floors: ListingFloors,
): RosterMember | undefined {
  const membership = decodeMembership(rawMembership);
  if (membership === undefined) return undefined;
  const user = decode(rawUser);
  const { membershipChangedAtMs, skillsReadAtMs, csatReadAtMs } = listedStamps(
    membership.joined,
    {
      membershipChangedAtMs: membership.changedAtMs,
      skillsReadAtMs: user.skillsReadAtMs,
      csatReadAtMs: user.csatReadAtMs,
    },
    floors,
  );
  return {
    id,
    name: user.name,
    skills: user.skills,
    languages: user.languages,
    routingStatus:
      user.routingStatus === undefined
        ? undefined
        : { status: user.routingStatus.status, startTime: user.routingStatus.startTimeMs },
    presence: user.presence,
    joined: membership.joined,
    membershipChangedAtMs,
    skillsReadAtMs,
    skillsExpired: skillsExpiredAt(skillsReadAtMs, nowMs, skillsTtlMs),
    // Left out when unknown, so that core's ranking uses its CSAT fallback for the member.
    ...(user.csat === undefined ? {} : { csat: user.csat, csatReadAtMs }),
  };
}

/** How members are decoded: as of when, which skills have expired, under which listings. */
export interface MemberDecoding {
  /** Epoch ms of the read (skills older than `skillsTtlMs` then are expired). */
  readonly nowMs: number;
  readonly skillsTtlMs: number;
  /** The queue's listing floors. @defaultValue NO_LISTING */
  readonly floors?: ListingFloors | undefined;
  /** Stored user record -> fields (a caching decoder in the store). @defaultValue decodeUser */
  readonly decode?: UserDecode | undefined;
}

/** Decodes the read script's arrays into members; entries whose membership is damaged are skipped. */
export function decodeMembers(raw: RawRoster, decoding: MemberDecoding): RosterMember[] {
  return mergeMembers([], raw, decoding);
}

/** Where each member is in `members`, by id: what `mergeMembers` keeps up to date instead of rebuilding. */
export function indexMembers(members: readonly RosterMember[]): Map<string, number> {
  const index = new Map<string, number>();
  members.forEach((member, position) => {
    index.set(member.id, position);
  });
  return index;
}

/**
 * `held` updated with the users in `raw` (the read script's "changes"): each one decoded anew, or dropped
 * when the queue no longer has an entry for them (or it is damaged). The members not in `raw` are the held
 * objects themselves.
 *
 * Costs one array copy (pointers only) plus the work for each user in `raw`, never a rebuild of every
 * member: `index` (the positions in `held`, by id; built when not given) is updated in place to describe
 * the result, so the caller hands it over and must not use it for `held` afterwards. `held` itself is never
 * written: a caller still holding it (a decision, a reconciliation counting drift) keeps what it read. A
 * member's position is kept; a dropped one is replaced by the last (so the order is not a full read's).
 */
export function mergeMembers(
  held: readonly RosterMember[],
  raw: RawRoster,
  decoding: MemberDecoding,
  index: Map<string, number> = indexMembers(held),
): RosterMember[] {
  const { nowMs, skillsTtlMs, floors = NO_LISTING, decode = decodeUser } = decoding;
  const members = held.slice();
  for (let at = 0; at < raw.ids.length; at++) {
    const id = raw.ids[at];
    if (id === undefined) continue;
    const member = decodeMember(id, raw.memberships[at], raw.users[at], nowMs, skillsTtlMs, decode, floors);
    const position = index.get(id);
    if (member !== undefined) {
      if (position === undefined) {
        index.set(id, members.length);
        members.push(member);
      } else members[position] = member;
    } else if (position !== undefined) {
      // Swap-remove: the last member takes the dropped one's place.
      const last = members.pop();
      index.delete(id);
      if (last !== undefined && position < members.length) {
        members[position] = last;
        index.set(last.id, position);
      }
    }
  }
  return members;
}

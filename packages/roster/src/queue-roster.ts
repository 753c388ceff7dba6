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
  /** Changes counter: any write to what a decision reads (a value, or when it was read) raises it. */
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

/** One member from its membership entry and user record; undefined when the membership is missing or damaged. */
function decodeMember(
  id: string,
  rawMembership: string | null | undefined,
  rawUser: string | null | undefined,
  nowMs: number,
  skillsTtlMs: number,
  decode: UserDecode,
): RosterMember | undefined {
  const membership = decodeMembership(rawMembership);
  if (membership === undefined) return undefined;
  const user = decode(rawUser);
  const skillsReadAtMs = user.skillsReadAtMs;
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
    membershipChangedAtMs: membership.changedAtMs,
    skillsReadAtMs,
    skillsExpired: skillsReadAtMs === undefined || nowMs - skillsReadAtMs > skillsTtlMs,
    // Left out when unknown, so that core's ranking uses its CSAT fallback for the member.
    ...(user.csat === undefined ? {} : { csat: user.csat, csatReadAtMs: user.csatReadAtMs }),
  };
}

/** Decodes the read script's arrays into members; entries whose membership is damaged are skipped. */
export function decodeMembers(
  raw: RawRoster,
  nowMs: number,
  skillsTtlMs: number,
  decode: UserDecode = decodeUser,
): RosterMember[] {
  return mergeMembers([], raw, nowMs, skillsTtlMs, decode);
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
  nowMs: number,
  skillsTtlMs: number,
  decode: UserDecode = decodeUser,
  index: Map<string, number> = indexMembers(held),
): RosterMember[] {
  const members = held.slice();
  for (let at = 0; at < raw.ids.length; at++) {
    const id = raw.ids[at];
    if (id === undefined) continue;
    const member = decodeMember(id, raw.memberships[at], raw.users[at], nowMs, skillsTtlMs, decode);
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

import { badRequest, HttpError } from "@routing/http-kit";
import {
  FOLLOWED_WITHIN_MS,
  isRoutable,
  type QueueRoster,
  type QueueStatus,
  type RosterMember,
  type RosterStore,
} from "@routing/roster";

/**
 * What the console (and an operator's curl) reads of the live roster: `GET /api/roster` and
 * `GET /api/roster/queues/:queueId`. Read-only: the dashboard never writes the roster. Times are epoch ms,
 * as the roster keeps them; `null` is "unknown" (never confirmed, never read).
 */

/** One followed queue: what the roster believes of it, without its members. */
export interface RosterQueueSummary {
  readonly queueId: string;
  /** The roster's changes counter for the queue (any write a decision reads raises it). */
  readonly version: number;
  readonly stale: boolean;
  /** `never-seeded`, `socket-gap`, `missed-events` or `confirmation-too-old`; null when not stale. */
  readonly staleReason: string | null;
  /** Seconds since the last complete read (seed or reconciliation) began; null before the first. */
  readonly ageSeconds: number | null;
  readonly confirmedAtMs: number | null;
  readonly seededAtMs: number | null;
  /** Start of the latest listing of the members' skills (a seed, a reconciliation, a skills refresh); null when never. */
  readonly skillsRefreshedAtMs: number | null;
  /** Start of the latest CSAT refresh of the queue's members; null when never. */
  readonly csatRefreshedAtMs: number | null;
  /** Members joined (left ones excluded). */
  readonly membersJoined: number;
  /** Of those, routable by the roster's own rule (`isRoutable`): could be offered a conversation now. */
  readonly membersRoutable: number;
}

export interface RosterMemberView {
  readonly id: string;
  readonly name: string | null;
  readonly joined: boolean;
  /** The roster's `isRoutable`: joined, presence (when known) On Queue, routing status not OFF_QUEUE. */
  readonly routable: boolean;
  /** When the member joined or left (the stamp of the membership entry). */
  readonly membershipChangedAtMs: number;
  /** Genesys routing status and when the member entered it; null when unknown. */
  readonly routingStatus: { readonly status: string; readonly startTimeMs: number | null } | null;
  /** Genesys system presence and when it changed; null when unknown. */
  readonly presence: { readonly systemPresence: string; readonly modifiedAtMs: number } | null;
  /** Active skills, skill id -> proficiency (0-5). */
  readonly skills: Readonly<Record<string, number>>;
  /** Active language ids. */
  readonly languages: readonly string[];
  /** When skills and languages were read (or written by us); null when never. */
  readonly skillsReadAtMs: number | null;
  /** Older than the skills TTL, or never read. */
  readonly skillsExpired: boolean;
  /** CSAT 0-1; null without survey data. */
  readonly csat: number | null;
  readonly csatReadAtMs: number | null;
}

export interface RosterQueueDetail extends RosterQueueSummary {
  /** Stale until a complete read begun at or after this (a socket gap's end); null when not marked. */
  readonly staleUntilMs: number | null;
  /** When this read was made. */
  readonly readAtMs: number;
  /** Whether an ingester declared the queue followed within `FOLLOWED_WITHIN_MS`. */
  readonly followed: boolean;
  /** Every entry the roster holds for the queue (left members stay until the next complete read). */
  readonly entries: number;
  /** One page: routable first, then joined but not routable, then left; each by id. */
  readonly members: readonly RosterMemberView[];
  /** Pass as `?cursor=` for the next page; null on the last. */
  readonly nextCursor: string | null;
}

export interface RosterOverview {
  /** The window a queue counts as followed in (the workers' scheduled jobs use the same one). */
  readonly followedWithinMs: number;
  readonly queues: readonly RosterQueueSummary[];
}

/** `?limit=` of the members page: default and largest. A queue can hold 5,000 members: 10 pages of 500. */
export const ROSTER_PAGE_DEFAULT = 200;
export const ROSTER_PAGE_MAX = 500;

const ms = (value: number | undefined | null): number | null => (value === undefined ? null : value);

function summaryOf(status: QueueStatus, members: readonly RosterMember[]): RosterQueueSummary {
  let joined = 0;
  let routable = 0;
  for (const member of members) {
    if (member.joined) joined += 1;
    if (isRoutable(member)) routable += 1;
  }
  return {
    queueId: status.queueId,
    version: status.version,
    stale: status.stale,
    staleReason: status.staleReason ?? null,
    ageSeconds: status.ageMs === undefined ? null : Math.floor(status.ageMs / 1000),
    confirmedAtMs: ms(status.meta.confirmedAtMs),
    seededAtMs: ms(status.meta.seededAtMs),
    skillsRefreshedAtMs: ms(status.meta.skillsRefreshedAtMs),
    csatRefreshedAtMs: ms(status.meta.csatRefreshedAtMs),
    membersJoined: joined,
    membersRoutable: routable,
  };
}

/** Every followed queue with its status and member counts, by id. */
export async function readRosterOverview(store: RosterStore): Promise<RosterOverview> {
  const queueIds = await store.followedQueues(FOLLOWED_WITHIN_MS);
  const [statuses, rosters] = await Promise.all([
    store.readQueueStatus(queueIds),
    Promise.all(queueIds.map((queueId) => store.readQueueRoster(queueId))),
  ]);
  return {
    followedWithinMs: FOLLOWED_WITHIN_MS,
    queues: statuses.map((status, index) => summaryOf(status, rosters[index]?.members ?? [])),
  };
}

/** 0 routable, 1 joined but not routable, 2 left: the members page's order before the id. */
function rankOf(member: RosterMember): number {
  return isRoutable(member) ? 0 : member.joined ? 1 : 2;
}

function startTimeMs(startTime: string | number | undefined): number | null {
  if (typeof startTime === "number") return startTime;
  if (typeof startTime === "string") {
    const parsed = Date.parse(startTime);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

function memberView(member: RosterMember): RosterMemberView {
  return {
    id: member.id,
    name: member.name ?? null,
    joined: member.joined,
    routable: isRoutable(member),
    membershipChangedAtMs: member.membershipChangedAtMs,
    routingStatus:
      member.routingStatus === undefined
        ? null
        : { status: member.routingStatus.status, startTimeMs: startTimeMs(member.routingStatus.startTime) },
    presence: member.presence ?? null,
    skills: member.skills,
    languages: member.languages,
    skillsReadAtMs: ms(member.skillsReadAtMs),
    skillsExpired: member.skillsExpired,
    csat: member.csat ?? null,
    csatReadAtMs: ms(member.csatReadAtMs),
  };
}

/** The page's cursor: the last member's rank and id (the next page starts after it, whoever joined meanwhile). */
const CURSOR = /^([012])\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export interface MembersPageQuery {
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

/** `?limit=` 1-ROSTER_PAGE_MAX and `?cursor=` as the previous page gave it; a 400 naming the field otherwise. */
export function checkPageQuery(query: MembersPageQuery): { limit: number; after: [number, string] | null } {
  const limit = query.limit ?? ROSTER_PAGE_DEFAULT;
  if (limit < 1 || limit > ROSTER_PAGE_MAX) {
    throw badRequest("invalid-query", `limit must be from 1 to ${ROSTER_PAGE_MAX}`, { field: "limit" });
  }
  if (query.cursor === undefined) return { limit, after: null };
  const match = CURSOR.exec(query.cursor);
  if (match === null) {
    throw badRequest("invalid-query", "cursor must be a nextCursor this endpoint returned", {
      field: "cursor",
    });
  }
  return { limit, after: [Number(match[1]), (match[2] ?? "").toLowerCase()] };
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The roster holds nothing of the queue: never followed, never written (a typo, another deployment's id). */
function isUnknown(roster: QueueRoster, followed: boolean): boolean {
  return (
    !followed &&
    roster.version === 0 &&
    roster.members.length === 0 &&
    roster.confirmedAtMs === null &&
    roster.staleUntilMs === null
  );
}

export function rosterQueueNotFound(queueId: string): HttpError {
  return new HttpError(
    404,
    "roster-queue-not-found",
    `the roster holds nothing for queue ${queueId} (not followed by any ingester)`,
    { field: "queueId" },
  );
}

/** One queue's status and one page of its members (routable first, then by id). 404 when unknown. */
export async function readRosterQueue(
  store: RosterStore,
  queueId: string,
  query: MembersPageQuery,
): Promise<RosterQueueDetail> {
  const { limit, after } = checkPageQuery(query);
  const [followedIds, roster, statuses] = await Promise.all([
    store.followedQueues(FOLLOWED_WITHIN_MS),
    store.readQueueRoster(queueId),
    store.readQueueStatus([queueId]),
  ]);
  const followed = followedIds.includes(queueId);
  const status = statuses[0];
  if (status === undefined || isUnknown(roster, followed)) throw rosterQueueNotFound(queueId);
  const ranked = roster.members
    .map((member) => ({ member, rank: rankOf(member), id: member.id.toLowerCase() }))
    .sort((a, b) => a.rank - b.rank || byText(a.id, b.id));
  const start =
    after === null
      ? 0
      : ranked.findIndex(
          (entry) => entry.rank > after[0] || (entry.rank === after[0] && entry.id > after[1]),
        );
  const from = start < 0 ? ranked.length : start;
  const slice = ranked.slice(from, from + limit);
  const last = slice.at(-1);
  return {
    ...summaryOf(status, roster.members),
    staleUntilMs: roster.staleUntilMs,
    readAtMs: roster.readAtMs,
    followed,
    entries: roster.members.length,
    members: slice.map((entry) => memberView(entry.member)),
    nextCursor: last !== undefined && from + limit < ranked.length ? `${last.rank}.${last.id}` : null,
  };
}

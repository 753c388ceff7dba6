import { ROUTING_STATUSES, type RoutingStatus } from "@routing/core";

/**
 * What one source (a notification, a REST read, our own skill write) saw of a user. A field that is absent
 * is unknown, never "empty": Genesys resolves `expand` on a best-effort basis, so a listing without skills
 * must not wipe the skills we hold.
 */
export interface UserObservation {
  readonly userId: string;
  readonly name?: string | undefined;
  /** Versioned by Genesys' own `routingStatus.startTime`. */
  readonly routingStatus?: { readonly status: RoutingStatus; readonly startTimeMs: number } | undefined;
  /** Versioned by Genesys' `presence.modifiedDate`. */
  readonly presence?: { readonly systemPresence: string; readonly modifiedAtMs: number } | undefined;
  /** Active routing skills, skill id -> proficiency (0-5). Versioned by `readAtMs`. */
  readonly skills?: Readonly<Record<string, number>> | undefined;
  /** Active routing language ids. Versioned by `readAtMs`. */
  readonly languages?: readonly string[] | undefined;
  /**
   * Customer satisfaction normalised to 0–1 (the survey aggregates' `oSurveyTotalScore` average / 100),
   * versioned by `readAtMs`. Absent: not measured by this source (an agent without survey responses keeps
   * what the roster holds).
   */
  readonly csat?: number | undefined;
  /**
   * When the request that read skills, languages, name or CSAT was SENT (a read sent later reflects later writes),
   * or, for our own writes, when Genesys answered. Required with any of the three.
   */
  readonly readAtMs?: number | undefined;
}

/*
 * The user record as stored (one JSON per user in the users hash; the Lua scripts write it). Short names
 * keep 5,000 members small:
 *   s, st: routing status and its Genesys startTime (ms);
 *   p, pt: system presence and its modifiedDate (ms);
 *   k, kt: skills, canonical JSON text of {skillId: proficiency} sorted by id, and when they were read;
 *   kc: when they were read as readers are shown it: kt, except that a quiet listing (scripts.ts) moves kt
 *       alone (the queue's skillsRefreshedAt stands for it); absent in records written before it: kt;
 *   l, lt: languages, canonical JSON text of the sorted id list, and when they were read;
 *   n, nt: name and when it was read;
 *   c, ct: CSAT (0–1) and when the survey aggregates it came from were read;
 *   cc: ct as readers are shown it, as kc is kt's;
 *   q: the followed queues the user has joined.
 */

/** The observation as the Lua apply script takes it (ARGV, JSON). */
export interface EncodedObservation {
  s?: string;
  st?: number;
  p?: string;
  pt?: number;
  k?: string;
  kt?: number;
  l?: string;
  lt?: number;
  n?: string;
  nt?: number;
  c?: number;
  ct?: number;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** One text per skill set, whatever the order it arrived in: equal sets compare equal in Lua. */
export function canonicalSkills(skills: Readonly<Record<string, number>>): string {
  const entries = Object.entries(skills).sort(([a], [b]) => byText(a, b));
  return JSON.stringify(Object.fromEntries(entries));
}

export function canonicalLanguages(languages: readonly string[]): string {
  return JSON.stringify([...new Set(languages)].sort(byText));
}

export function encodeObservation(observation: UserObservation): EncodedObservation {
  const encoded: EncodedObservation = {};
  if (observation.routingStatus !== undefined) {
    encoded.s = observation.routingStatus.status;
    encoded.st = observation.routingStatus.startTimeMs;
  }
  if (observation.presence !== undefined) {
    encoded.p = observation.presence.systemPresence;
    encoded.pt = observation.presence.modifiedAtMs;
  }
  const readAt = observation.readAtMs;
  if (readAt !== undefined) {
    if (observation.skills !== undefined) {
      encoded.k = canonicalSkills(observation.skills);
      encoded.kt = readAt;
    }
    if (observation.languages !== undefined) {
      encoded.l = canonicalLanguages(observation.languages);
      encoded.lt = readAt;
    }
    if (observation.name !== undefined) {
      encoded.n = observation.name;
      encoded.nt = readAt;
    }
    if (observation.csat !== undefined) {
      encoded.c = observation.csat;
      encoded.ct = readAt;
    }
  }
  return encoded;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const finite = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;
const unitInterval = (value: unknown): number | undefined => {
  const number = finite(value);
  return number !== undefined && number >= 0 && number <= 1 ? number : undefined;
};
const text = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

export function isRoutingStatus(value: unknown): value is RoutingStatus {
  return typeof value === "string" && (ROUTING_STATUSES as readonly string[]).includes(value);
}

export interface DecodedUser {
  readonly name: string | undefined;
  readonly routingStatus: { readonly status: RoutingStatus; readonly startTimeMs: number } | undefined;
  readonly presence: { readonly systemPresence: string; readonly modifiedAtMs: number } | undefined;
  readonly skills: Record<string, number>;
  readonly skillsReadAtMs: number | undefined;
  readonly languages: string[];
  readonly languagesReadAtMs: number | undefined;
  readonly csat: number | undefined;
  readonly csatReadAtMs: number | undefined;
  readonly queueIds: string[];
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function decodeSkills(raw: unknown): Record<string, number> {
  const parsed = typeof raw === "string" ? parseJson(raw) : undefined;
  const skills: Record<string, number> = {};
  if (!isRecord(parsed)) return skills;
  for (const [id, proficiency] of Object.entries(parsed)) {
    const value = finite(proficiency);
    if (value !== undefined) skills[id] = value;
  }
  return skills;
}

function decodeIdList(raw: unknown): string[] {
  const parsed = typeof raw === "string" ? parseJson(raw) : raw;
  return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === "string") : [];
}

/**
 * A stored record back to typed fields. Never throws: a field that does not decode reads as unknown, so a
 * record damaged by hand costs that member its field, not the decision its roster.
 */
export function decodeUser(raw: string | null | undefined): DecodedUser {
  const record = typeof raw === "string" ? parseJson(raw) : undefined;
  const stored: Record<string, unknown> = isRecord(record) ? record : {};
  const status = stored.s;
  const startTimeMs = finite(stored.st);
  const presence = text(stored.p);
  const presenceAt = finite(stored.pt);
  return {
    name: text(stored.n),
    routingStatus: isRoutingStatus(status) && startTimeMs !== undefined ? { status, startTimeMs } : undefined,
    presence:
      presence !== undefined && presenceAt !== undefined
        ? { systemPresence: presence, modifiedAtMs: presenceAt }
        : undefined,
    skills: decodeSkills(stored.k),
    skillsReadAtMs: finite(stored.kc) ?? finite(stored.kt),
    languages: decodeIdList(stored.l),
    languagesReadAtMs: finite(stored.lt),
    csat: unitInterval(stored.c),
    csatReadAtMs: finite(stored.cc) ?? finite(stored.ct),
    // cjson writes an empty Lua table as {}: an empty object is an empty list.
    queueIds: decodeIdList(stored.q),
  };
}

export interface Membership {
  readonly joined: boolean;
  readonly changedAtMs: number;
}

/**
 * Decodes stored records through a bounded cache keyed by the record's text: a user whose record did not
 * change since the last read costs a map lookup instead of three JSON parses. Decoded users are frozen,
 * since every read that meets the same text shares them.
 */
export function createUserDecoder(maxEntries: number): (raw: string | null | undefined) => DecodedUser {
  const cache = new Map<string, DecodedUser>();
  return (raw) => {
    if (typeof raw !== "string") return decodeUser(raw);
    const hit = cache.get(raw);
    if (hit !== undefined) return hit;
    const decoded = decodeUser(raw);
    Object.freeze(decoded.skills);
    Object.freeze(decoded.languages);
    Object.freeze(decoded.queueIds);
    Object.freeze(decoded);
    if (cache.size >= maxEntries) {
      // Oldest first (a Map iterates in insertion order): drop a tenth at once rather than one per miss.
      let drop = Math.ceil(maxEntries / 10);
      for (const key of cache.keys()) {
        cache.delete(key);
        if (--drop === 0) break;
      }
    }
    cache.set(raw, decoded);
    return decoded;
  };
}

/** "1:<ms>" / "0:<ms>"; undefined when damaged. */
export function decodeMembership(raw: string | null | undefined): Membership | undefined {
  if (typeof raw !== "string") return undefined;
  const match = /^([01]):(\d+)$/.exec(raw);
  if (match === null) return undefined;
  return { joined: match[1] === "1", changedAtMs: Number(match[2]) };
}

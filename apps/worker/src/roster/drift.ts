import type { RosterMember, UserObservation } from "@routing/roster";

/** What the roster can hold wrong; a metric label (`routing_roster_drift_total{field}`). */
export type DriftField = "membership" | "routingStatus" | "presence" | "skills" | "languages";

export const DRIFT_FIELDS: readonly DriftField[] = [
  "membership",
  "routingStatus",
  "presence",
  "skills",
  "languages",
];

export type DriftCounts = Record<DriftField, number>;

const sameSkills = (a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((id) => b[id] === a[id]);
};

const sameIds = (a: readonly string[], b: readonly string[]): boolean => {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((id) => set.has(id));
};

/**
 * Where the roster as it stood before a complete read (`readAtMs` = when the read began) disagreed with
 * what the read found. Only what the roster could have known counts: a field the roster changed after
 * the read began (a newer event, our own skill write) is the roster being ahead, not drift. Pure.
 */
export function countDrift(
  before: readonly RosterMember[],
  listed: readonly UserObservation[],
  readAtMs: number,
): DriftCounts {
  const counts: DriftCounts = { membership: 0, routingStatus: 0, presence: 0, skills: 0, languages: 0 };
  const byId = new Map(before.map((member) => [member.id, member]));
  const listedIds = new Set<string>();
  for (const observation of listed) {
    listedIds.add(observation.userId);
    const member = byId.get(observation.userId);
    if (member === undefined || !member.joined) {
      if (member === undefined || member.membershipChangedAtMs < readAtMs) counts.membership += 1;
      continue;
    }
    const status = observation.routingStatus;
    const held = member.routingStatus;
    const heldStart = typeof held?.startTime === "number" ? held.startTime : undefined;
    if (
      status !== undefined &&
      (heldStart === undefined ||
        status.startTimeMs > heldStart ||
        (status.startTimeMs === heldStart && status.status !== held?.status))
    ) {
      counts.routingStatus += 1;
    }
    const presence = observation.presence;
    if (
      presence !== undefined &&
      (member.presence === undefined ||
        presence.modifiedAtMs > member.presence.modifiedAtMs ||
        (presence.modifiedAtMs === member.presence.modifiedAtMs &&
          presence.systemPresence !== member.presence.systemPresence))
    ) {
      counts.presence += 1;
    }
    const skillsOlder = member.skillsReadAtMs === undefined || member.skillsReadAtMs < readAtMs;
    if (observation.skills !== undefined && skillsOlder && !sameSkills(observation.skills, member.skills)) {
      counts.skills += 1;
    }
    if (
      observation.languages !== undefined &&
      skillsOlder &&
      !sameIds(observation.languages, member.languages)
    ) {
      counts.languages += 1;
    }
  }
  for (const member of before) {
    if (member.joined && !listedIds.has(member.id) && member.membershipChangedAtMs < readAtMs) {
      counts.membership += 1;
    }
  }
  return counts;
}

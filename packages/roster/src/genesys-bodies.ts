/**
 * REST bodies to observations: a `QueueMember` of `GET /api/v2/routing/queues/{queueId}/members` with
 * `expand=routingStatus,presence,skills,languages` (platform-client-sdk-javascript `build/docs/RoutingApi.md`
 * getRoutingQueueMembers; model `QueueMember`: `{ id, name, user: User, joined, memberBy, routingStatus }`)
 * and a `User` of `GET /api/v2/users/{userId}` with the same expansions (UsersApi getUser). Genesys resolves
 * expansions "with a best effort approach" (UsersApi.md), so what is missing stays unknown. Tolerant like
 * the event parsers: a malformed part is left out, never guessed; an entry without a usable user id is
 * refused (undefined) so the caller can count it.
 */
import {
  isActiveEntry,
  isGenesysId,
  isRecord,
  isSystemPresence,
  parseGenesysTime,
} from "./genesys-values.js";
import { isRoutingStatus, type UserObservation } from "./records.js";

function routingStatusOf(value: unknown): UserObservation["routingStatus"] {
  if (!isRecord(value) || !isRoutingStatus(value.status)) return undefined;
  const startTimeMs = parseGenesysTime(value.startTime);
  return startTimeMs === undefined ? undefined : { status: value.status, startTimeMs };
}

function presenceOf(value: unknown): UserObservation["presence"] {
  if (!isRecord(value) || !isRecord(value.presenceDefinition)) return undefined;
  const systemPresence = value.presenceDefinition.systemPresence;
  const modifiedAtMs = parseGenesysTime(value.modifiedDate);
  return isSystemPresence(systemPresence) && modifiedAtMs !== undefined
    ? { systemPresence, modifiedAtMs }
    : undefined;
}

/** Active skills as skill id -> proficiency (0-5); undefined when the list was not sent. */
export function activeSkillsOf(value: unknown): Record<string, number> | undefined {
  if (!Array.isArray(value)) return undefined;
  const skills: Record<string, number> = {};
  for (const entry of value) {
    if (!isRecord(entry) || !isGenesysId(entry.id) || !isActiveEntry(entry)) continue;
    const proficiency = entry.proficiency;
    if (
      typeof proficiency === "number" &&
      Number.isFinite(proficiency) &&
      proficiency >= 0 &&
      proficiency <= 5
    ) {
      skills[entry.id] = proficiency;
    }
  }
  return skills;
}

function activeLanguagesOf(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.flatMap((entry) =>
    isRecord(entry) && isGenesysId(entry.id) && isActiveEntry(entry) ? [entry.id] : [],
  );
}

function observe(
  userId: string,
  name: unknown,
  user: Record<string, unknown>,
  routingStatus: unknown,
  readAtMs: number,
): UserObservation {
  const status = routingStatusOf(routingStatus);
  const presence = presenceOf(user.presence);
  const skills = activeSkillsOf(user.skills);
  const languages = activeLanguagesOf(user.languages);
  return {
    userId,
    ...(typeof name === "string" && name !== "" ? { name } : {}),
    ...(status === undefined ? {} : { routingStatus: status }),
    ...(presence === undefined ? {} : { presence }),
    ...(skills === undefined ? {} : { skills }),
    ...(languages === undefined ? {} : { languages }),
    readAtMs,
  };
}

/** One queue member of the listing; `readAtMs` = when the listing's first request was sent. */
export function observationFromQueueMember(member: unknown, readAtMs: number): UserObservation | undefined {
  if (!isRecord(member)) return undefined;
  const user = isRecord(member.user) ? member.user : {};
  const userId = user.id ?? member.id;
  if (!isGenesysId(userId)) return undefined;
  return observe(
    userId,
    user.name ?? member.name,
    user,
    member.routingStatus ?? user.routingStatus,
    readAtMs,
  );
}

/** `GET /api/v2/users/{userId}?expand=...`; `readAtMs` = when the request was sent. */
export function observationFromUser(user: unknown, readAtMs: number): UserObservation | undefined {
  if (!isRecord(user) || !isGenesysId(user.id)) return undefined;
  return observe(user.id, user.name, user, user.routingStatus, readAtMs);
}

/**
 * Our own skill write (`PATCH /api/v2/users/{userId}/routingskills/bulk` answers with every skill the user
 * holds): the skills as Genesys holds them once it answered, versioned by the answer's arrival.
 */
export function observationFromSkillWrite(
  userId: string,
  skillsAfterWrite: unknown,
  answeredAtMs: number,
): UserObservation | undefined {
  const skills = activeSkillsOf(skillsAfterWrite);
  if (!isGenesysId(userId) || skills === undefined) return undefined;
  return { userId, skills, readAtMs: answeredAtMs };
}

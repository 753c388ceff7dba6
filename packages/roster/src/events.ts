/**
 * The two notification topics that keep a roster live, read as Genesys documents them:
 *
 * - `v2.users.{id}.activity`, class `AgentActivityChangedTopicAgentActivity` (platform-client-sdk-javascript
 *   `notificationMappings.json`; model in platform-client-sdk-python `build/docs/AgentActivityChangedTopic*.md`):
 *   `{ id, routingStatus: { status, startTime }, presence: { presenceDefinition: { id, systemPresence },
 *   presenceMessage, modifiedDate }, outOfOffice: { active, modifiedDate }, activeQueueIds,
 *   dateActiveQueuesChanged }`, every field optional.
 * - `v2.routing.queues.{id}.users`, class `QueueUserEventTopicQueueMember`: `{ id, user: { id }, queueId,
 *   joined }` and nothing else (no status, no skills: a join needs one read to be useful).
 *
 * A field that is absent is unknown; a field that is present but malformed rejects the whole event with a
 * reason from a closed set (a metric label), so that half of a broken body never lands in the roster.
 */
import type { RoutingStatus } from "@routing/core";
import { isGenesysId, isRecord, isSystemPresence, parseGenesysTime } from "./genesys-values.js";
import { isRoutingStatus, type UserObservation } from "./records.js";

export type RosterEventRejection =
  /** The event body is not a JSON object. */
  | "not-an-object"
  /** The topic's or the body's user id is not a Genesys id. */
  | "invalid-user-id"
  /** The topic's or the body's queue id is not a Genesys id. */
  | "invalid-queue-id"
  /** The body names another user or queue than its topic. */
  | "id-mismatch"
  /** `routingStatus` is not an object, or its status is not one Genesys documents. */
  | "invalid-routing-status"
  /** `routingStatus.startTime` or `presence.modifiedDate` is missing or not an ISO-8601 time. */
  | "invalid-timestamp"
  /** `presence` or its `presenceDefinition.systemPresence` is malformed. */
  | "invalid-presence"
  /** A membership event without a boolean `joined`. */
  | "invalid-joined"
  /** Well formed, but nothing in it a roster can use. */
  | "no-usable-fields";

export const ROSTER_EVENT_REJECTIONS: readonly RosterEventRejection[] = [
  "not-an-object",
  "invalid-user-id",
  "invalid-queue-id",
  "id-mismatch",
  "invalid-routing-status",
  "invalid-timestamp",
  "invalid-presence",
  "invalid-joined",
  "no-usable-fields",
];

export interface Rejected {
  readonly ok: false;
  readonly reason: RosterEventRejection;
  /** The field at fault, for the log ("routingStatus.startTime"). */
  readonly field: string;
}

const reject = (reason: RosterEventRejection, field: string): Rejected => ({ ok: false, reason, field });

export interface MembershipChange {
  readonly queueId: string;
  readonly userId: string;
  readonly joined: boolean;
  /** The event has no time of its own: when it was received is its version. */
  readonly observedAtMs: number;
}

export type RosterTopic =
  | { readonly kind: "activity"; readonly userId: string }
  | { readonly kind: "membership"; readonly queueId: string };

const ACTIVITY_TOPIC = /^v2\.users\.([^.]+)\.activity$/;
const MEMBERSHIP_TOPIC = /^v2\.routing\.queues\.([^.]+)\.users$/;

export const rosterTopics = {
  activity: (userId: string): string => `v2.users.${userId}.activity`,
  membership: (queueId: string): string => `v2.routing.queues.${queueId}.users`,
} as const;

/** Which roster topic this is, with its id as written (checked by the parsers); undefined for any other. */
export function rosterTopicOf(topicName: string): RosterTopic | undefined {
  const activity = ACTIVITY_TOPIC.exec(topicName)?.[1];
  if (activity !== undefined) return { kind: "activity", userId: activity };
  const membership = MEMBERSHIP_TOPIC.exec(topicName)?.[1];
  if (membership !== undefined) return { kind: "membership", queueId: membership };
  return undefined;
}

type RoutingStatusField =
  | { readonly ok: true; readonly value: { status: RoutingStatus; startTimeMs: number } | undefined }
  | Rejected;

function readRoutingStatus(value: unknown): RoutingStatusField {
  if (value === undefined || value === null) return { ok: true, value: undefined };
  if (!isRecord(value)) return reject("invalid-routing-status", "routingStatus");
  if (!isRoutingStatus(value.status)) return reject("invalid-routing-status", "routingStatus.status");
  const startTimeMs = parseGenesysTime(value.startTime);
  if (startTimeMs === undefined) return reject("invalid-timestamp", "routingStatus.startTime");
  return { ok: true, value: { status: value.status, startTimeMs } };
}

type PresenceField =
  | { readonly ok: true; readonly value: { systemPresence: string; modifiedAtMs: number } | undefined }
  | Rejected;

function readPresence(value: unknown): PresenceField {
  if (value === undefined || value === null) return { ok: true, value: undefined };
  if (!isRecord(value) || !isRecord(value.presenceDefinition)) {
    return reject("invalid-presence", "presence.presenceDefinition");
  }
  const systemPresence = value.presenceDefinition.systemPresence;
  if (!isSystemPresence(systemPresence)) {
    return reject("invalid-presence", "presence.presenceDefinition.systemPresence");
  }
  const modifiedAtMs = parseGenesysTime(value.modifiedDate);
  if (modifiedAtMs === undefined) return reject("invalid-timestamp", "presence.modifiedDate");
  return { ok: true, value: { systemPresence, modifiedAtMs } };
}

export type ParsedActivity = { readonly ok: true; readonly observation: UserObservation } | Rejected;

/** A `v2.users.{id}.activity` event as an observation of the user. Never throws. */
export function parseActivityEvent(topicName: string, body: unknown): ParsedActivity {
  const topic = rosterTopicOf(topicName);
  if (topic?.kind !== "activity" || !isGenesysId(topic.userId)) return reject("invalid-user-id", "topicName");
  if (!isRecord(body)) return reject("not-an-object", "eventBody");
  if (body.id !== undefined && body.id !== topic.userId) {
    return isGenesysId(body.id) ? reject("id-mismatch", "id") : reject("invalid-user-id", "id");
  }
  const routingStatus = readRoutingStatus(body.routingStatus);
  if (!routingStatus.ok) return routingStatus;
  const presence = readPresence(body.presence);
  if (!presence.ok) return presence;
  if (routingStatus.value === undefined && presence.value === undefined) {
    return reject("no-usable-fields", "routingStatus");
  }
  return {
    ok: true,
    observation: {
      userId: topic.userId,
      ...(routingStatus.value === undefined ? {} : { routingStatus: routingStatus.value }),
      ...(presence.value === undefined ? {} : { presence: presence.value }),
    },
  };
}

export type ParsedMembership = { readonly ok: true; readonly change: MembershipChange } | Rejected;

/** A `v2.routing.queues.{id}.users` event as a join or leave, versioned by when it was received. */
export function parseMembershipEvent(
  topicName: string,
  body: unknown,
  observedAtMs: number,
): ParsedMembership {
  const topic = rosterTopicOf(topicName);
  if (topic?.kind !== "membership" || !isGenesysId(topic.queueId)) {
    return reject("invalid-queue-id", "topicName");
  }
  if (!isRecord(body)) return reject("not-an-object", "eventBody");
  if (body.queueId !== undefined && body.queueId !== topic.queueId) {
    return isGenesysId(body.queueId)
      ? reject("id-mismatch", "queueId")
      : reject("invalid-queue-id", "queueId");
  }
  const userId = isRecord(body.user) ? body.user.id : body.id;
  if (!isGenesysId(userId)) return reject("invalid-user-id", isRecord(body.user) ? "user.id" : "id");
  // The member id is the user id (QueueMember.id); a body naming two users is not one we understand.
  if (isRecord(body.user) && body.id !== undefined && body.id !== userId) return reject("id-mismatch", "id");
  if (typeof body.joined !== "boolean") return reject("invalid-joined", "joined");
  return { ok: true, change: { queueId: topic.queueId, userId, joined: body.joined, observedAtMs } };
}

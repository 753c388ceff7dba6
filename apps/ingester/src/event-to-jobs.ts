import type { NotificationEvent } from "@routing/genesys-client";
import {
  type ConversationDecisions,
  decisionsFor,
  type NoDecisionReason,
  readNotificationConversation,
} from "@routing/jobs";
import { queueIdOfTopic } from "./topics.js";

/**
 * Why an event gave no job: the shared rule's reasons (`NoDecisionReason`) plus the two only an event can
 * have. A closed set, exported as the `reason` label of `ingester_events_without_job_total`.
 */
export type NoJobReason =
  /** Not a `v2.routing.queues.{id}.conversations` topic. */
  | "unsupported-topic"
  /** The body is not a conversation (no id, no participant list). */
  | "malformed-body"
  | NoDecisionReason;

export interface EventJobs extends Omit<ConversationDecisions, "noJobReason"> {
  /** Set exactly when `jobs` is empty. */
  readonly noJobReason: NoJobReason | undefined;
}

const none = (reason: NoJobReason): EventJobs => ({ jobs: [], rejected: [], noJobReason: reason });

/**
 * The jobs one `v2.routing.queues.{id}.conversations` event asks for: the conversation body read by
 * `readNotificationConversation` and decided by the one rule gap recovery uses too (`decisionsFor`, in
 * `@routing/jobs`). The same event always gives the same job ids, which deduplicates the repeats Genesys
 * sends on every change of the conversation. Never throws, whatever the body.
 */
export function jobsForEvent(event: NotificationEvent, observedAtMs: number): EventJobs {
  const queueId = queueIdOfTopic(event.topicName);
  if (queueId === undefined) return none("unsupported-topic");
  const conversation = readNotificationConversation(event.eventBody, queueId, observedAtMs);
  if (conversation === undefined) return none("malformed-body");
  return decisionsFor(conversation);
}

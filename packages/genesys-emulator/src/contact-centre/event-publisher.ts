import type { Clock } from "../time/clock.js";
import { toIso } from "../time/iso.js";
import type { AgentModel, ConversationModel } from "./model.js";
import { topics } from "./topics.js";
import { type Catalogue, conversationBody, presenceBody, routingStatusBody } from "./views.js";

/** Turns contact-centre changes into notification events on the topics Genesys would use. */
export interface ContactCentreEvents {
  /** On every queue topic the conversation has touched (like Genesys, the same body again on each change). */
  conversation(conversation: ConversationModel): void;
  /** Routing status or presence changed: `v2.users.{id}.activity` (its body carries both). */
  agentStatus(agent: AgentModel): void;
  /**
   * The agent joined or left a queue: `v2.routing.queues.{id}.users` of that queue, and the agent's activity
   * (its `activeQueueIds` changed).
   */
  membership(agent: AgentModel, queueId: string, joined: boolean): void;
}

export interface ContactCentreEventsOptions {
  clock: Clock;
  publish: (topic: string, eventBody: unknown) => void;
  alertingTimeoutMs: number;
  catalogue: Catalogue;
}

/** Out-of-office is not modelled: always off, since the organisation was created. */
const OUT_OF_OFFICE_SINCE = "2024-01-15T09:00:00.000Z";

/**
 * `v2.users.{id}.activity`, class `AgentActivityChangedTopicAgentActivity` (platform-client-sdk-javascript
 * `notificationMappings.json`; fields in platform-client-sdk-python `build/docs/AgentActivityChangedTopic
 * AgentActivity.md`, `...RoutingStatus.md` {status, startTime}, `...Presence.md` {presenceDefinition: {id,
 * systemPresence}, presenceMessage, modifiedDate}, `...OutOfOffice.md` {active, modifiedDate}).
 */
export function activityBody(agent: AgentModel): Record<string, unknown> {
  const { status, startTime } = routingStatusBody(agent);
  return {
    id: agent.id,
    routingStatus: { status, startTime },
    presence: presenceBody(agent),
    outOfOffice: { active: false, modifiedDate: OUT_OF_OFFICE_SINCE },
    activeQueueIds: [...agent.queueIds],
    dateActiveQueuesChanged: toIso(agent.queuesChangedAt),
  };
}

/**
 * `v2.routing.queues.{id}.users`, class `QueueUserEventTopicQueueMember`: only `{ id, user: { id }, queueId,
 * joined }` (platform-client-sdk-python `build/docs/QueueUserEventTopicQueueMember.md`). It carries no
 * routing status, so Genesys' docs give no reason to send it on status changes, and the emulator does not.
 */
export function queueMembershipBody(
  agentId: string,
  queueId: string,
  joined: boolean,
): Record<string, unknown> {
  return { id: agentId, user: { id: agentId }, queueId, joined };
}

export function createContactCentreEvents(options: ContactCentreEventsOptions): ContactCentreEvents {
  const { publish } = options;
  return {
    conversation(conversation) {
      const body = conversationBody(conversation, options.alertingTimeoutMs);
      const queueIds = new Set(
        conversation.participants.flatMap((p) => (p.queueId === undefined ? [] : [p.queueId])),
      );
      for (const queueId of queueIds) publish(topics.queueConversations(queueId), body);
    },
    agentStatus(agent) {
      publish(topics.userActivity(agent.id), activityBody(agent));
    },
    membership(agent, queueId, joined) {
      publish(topics.queueUsers(queueId), queueMembershipBody(agent.id, queueId, joined));
      publish(topics.userActivity(agent.id), activityBody(agent));
    },
  };
}

import type { Clock } from "../time/clock.js";
import { type DetailEventExtras, detailEventBody } from "./detail-events.js";
import type { AgentModel, ConversationModel, ParticipantModel } from "./model.js";
import { type DetailEventKind, topics } from "./topics.js";
import {
  type Catalogue,
  conversationBody,
  NO_EXPANSION,
  queueMemberBody,
  routingStatusBody,
} from "./views.js";

/** Turns contact-centre changes into notification events on the topics Genesys would use. */
export interface ContactCentreEvents {
  /** On every queue topic the conversation has touched (like Genesys, the same body again on each change). */
  conversation(conversation: ConversationModel): void;
  detail(
    conversation: ConversationModel,
    participant: ParticipantModel,
    kind: DetailEventKind,
    extras?: DetailEventExtras,
  ): void;
  /** v2.users.{id}.routingStatus and v2.routing.queues.{id}.users of each of the agent's queues. */
  agentStatus(agent: AgentModel): void;
}

export interface ContactCentreEventsOptions {
  clock: Clock;
  publish: (topic: string, eventBody: unknown) => void;
  alertingTimeoutMs: number;
  catalogue: Catalogue;
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
    detail(conversation, participant, kind, extras = {}) {
      publish(
        topics.detailEvent(conversation.id, kind),
        detailEventBody(conversation, participant, options.clock.now(), extras),
      );
    },
    agentStatus(agent) {
      publish(topics.userRoutingStatus(agent.id), { id: agent.id, routingStatus: routingStatusBody(agent) });
      const member = queueMemberBody(agent, NO_EXPANSION, options.catalogue);
      for (const queueId of agent.queueIds) publish(topics.queueUsers(queueId), member);
    },
  };
}

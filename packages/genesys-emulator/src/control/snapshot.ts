import type { ContactCentre } from "../contact-centre/contact-centre.js";
import type {
  ConversationState,
  MediaState,
  MediaType,
  OfferOutcome,
  OfferReason,
  ParticipantPurpose,
  RoutingStatusName,
} from "../contact-centre/model.js";
import type { ChannelRegistry } from "../protocol/notifications/channel-registry.js";

export interface EmulatorSnapshot {
  /** The emulator clock (virtual with a manual clock), epoch ms. */
  now: number;
  arrivalsPerMinute: number;
  skills: Array<{ id: string; name: string }>;
  languages: Array<{ id: string; name: string }>;
  queues: Array<{
    id: string;
    name: string;
    primarySkillId: string;
    manualAssignmentEnabled: boolean;
    memberIds: string[];
    waitingConversationIds: string[];
  }>;
  agents: Array<{
    id: string;
    name: string;
    queueIds: string[];
    routingStatus: { status: RoutingStatusName; startTime: number };
    presence: { systemPresence: string; modifiedAt: number };
    skills: Array<{ id: string; name: string; proficiency: number; state: string }>;
    languages: Array<{ id: string; name: string; proficiency: number; state: string }>;
    /** The conversation the agent is alerting for or connected to. */
    conversationId?: string;
  }>;
  conversations: Array<{
    id: string;
    mediaType: MediaType;
    queueId: string;
    state: ConversationState;
    /** The agent alerting for or connected to it, if any. */
    agentId?: string;
    priority: number;
    skillIds: string[];
    languageId?: string;
    scoredAgents: Array<{ userId: string; score: number }>;
    arrivedAt: number;
    endedAt?: number;
    /** Every offer to an agent, in order, and why that agent was chosen. */
    offers: Array<{ userId: string; at: number; reason: OfferReason; outcome: OfferOutcome }>;
    participants: Array<{
      id: string;
      purpose: ParticipantPurpose;
      userId?: string;
      queueId?: string;
      state: MediaState;
    }>;
  }>;
  channels: Array<{
    id: string;
    clientId: string;
    connected: boolean;
    topicCount: number;
    expiresAt: number;
  }>;
}

export function buildSnapshot(
  now: number,
  centre: ContactCentre,
  channels: ChannelRegistry,
  clientIds: readonly string[],
): EmulatorSnapshot {
  const { organisation } = centre;
  const conversations = centre.conversations();
  return {
    now,
    arrivalsPerMinute: centre.arrivalsPerMinute(),
    skills: organisation.skills.map(({ id, name }) => ({ id, name })),
    languages: organisation.languages.map(({ id, name }) => ({ id, name })),
    queues: organisation.queues.map((queue) => ({
      id: queue.id,
      name: queue.name,
      primarySkillId: queue.primarySkillId,
      manualAssignmentEnabled: queue.manualAssignmentEnabled,
      memberIds: [...queue.memberIds],
      waitingConversationIds: conversations
        .filter((conversation) => conversation.queueId === queue.id && conversation.state === "waiting")
        .map((conversation) => conversation.id),
    })),
    agents: organisation.agents.map((agent) => ({
      id: agent.id,
      name: agent.name,
      queueIds: [...agent.queueIds],
      routingStatus: { status: agent.status, startTime: agent.statusSince },
      presence: { systemPresence: agent.presence, modifiedAt: agent.presenceSince },
      skills: [...agent.skills.entries()].map(([id, entry]) => ({
        id,
        name: centre.skill(id)?.name ?? id,
        proficiency: entry.proficiency,
        state: entry.state,
      })),
      languages: [...agent.languages.entries()].map(([id, entry]) => ({
        id,
        name: centre.language(id)?.name ?? id,
        proficiency: entry.proficiency,
        state: entry.state,
      })),
      ...(agent.conversationId === undefined ? {} : { conversationId: agent.conversationId }),
    })),
    conversations: conversations.map((conversation) => {
      const agent = conversation.participants.find(
        (participant) => participant.purpose === "agent" && participant.mediaState !== "disconnected",
      );
      return {
        id: conversation.id,
        mediaType: conversation.mediaType,
        queueId: conversation.queueId,
        state: conversation.state,
        ...(agent?.userId === undefined ? {} : { agentId: agent.userId }),
        priority: conversation.priority,
        skillIds: [...conversation.skillIds],
        ...(conversation.languageId === undefined ? {} : { languageId: conversation.languageId }),
        scoredAgents: conversation.scoredAgents.map((entry) => ({ ...entry })),
        arrivedAt: conversation.arrivedAt,
        ...(conversation.endedAt === undefined ? {} : { endedAt: conversation.endedAt }),
        offers: conversation.offers.map((offer) => ({ ...offer })),
        participants: conversation.participants.map((participant) => ({
          id: participant.id,
          purpose: participant.purpose,
          ...(participant.userId === undefined ? {} : { userId: participant.userId }),
          ...(participant.queueId === undefined ? {} : { queueId: participant.queueId }),
          state: participant.mediaState,
        })),
      };
    }),
    channels: clientIds.flatMap((clientId) =>
      channels.list(clientId).map((channel) => ({
        id: channel.id,
        clientId: channel.clientId,
        connected: channel.connected,
        topicCount: channel.topics.size,
        expiresAt: channel.expiresAt,
      })),
    ),
  };
}

/**
 * Genesys-shaped bodies built from the model, shared by the REST handlers and the notification events so
 * that both sides always agree.
 */
import { toIso } from "../time/iso.js";
import type {
  AgentModel,
  ConversationModel,
  LanguageModel,
  MediaType,
  ParticipantModel,
  QueueModel,
  RoutingRuleModel,
  SkillModel,
} from "./model.js";
import { PRESENCE_DEFINITION_IDS } from "./presence.js";

const MEDIA_ARRAY: Record<MediaType, "calls" | "messages" | "chats" | "callbacks"> = {
  call: "calls",
  message: "messages",
  chat: "chats",
  callback: "callbacks",
};

export function routingStatusBody(agent: AgentModel): { userId: string; status: string; startTime: string } {
  return { userId: agent.id, status: agent.status, startTime: toIso(agent.statusSince) };
}

/** `UserPresence` (the activity topic's presence has the same fields). */
export function presenceBody(agent: AgentModel): Record<string, unknown> {
  return {
    presenceDefinition: { id: PRESENCE_DEFINITION_IDS[agent.presence], systemPresence: agent.presence },
    presenceMessage: "",
    modifiedDate: toIso(agent.presenceSince),
  };
}

/**
 * The queue's routing data, on the acd participant (`QueueConversationEventTopicConversationRoutingData`:
 * queue, language, priority, skills, scoredAgents; `skillExpressionId` "takes priority over skills",
 * platform-client-sdk-java `build/docs/QueueConversationMessageEventTopicConversationRoutingData.md`).
 */
function queueRoutingData(
  conversation: ConversationModel,
  participant: ParticipantModel,
): Record<string, unknown> {
  return {
    queue: { id: participant.queueId ?? conversation.queueId },
    priority: conversation.priority,
    skills: conversation.skillIds.map((id) => ({ id })),
    ...(conversation.languageId === undefined ? {} : { language: { id: conversation.languageId } }),
    ...(conversation.skillExpressionId === undefined
      ? {}
      : { skillExpressionId: conversation.skillExpressionId }),
    scoredAgents: conversation.scoredAgents.map((entry) => ({
      agent: { id: entry.userId },
      score: entry.score,
    })),
  };
}

/**
 * What Genesys puts on an agent participant: the routing data object present but empty, no queue and
 * `skills: []` (shared/genesys-api.md "Corrections", checked against real event bodies; the models mark
 * every field optional). Requirements are read from the acd participant.
 */
const AGENT_ROUTING_DATA = Object.freeze({ priority: 0, skills: [], scoredAgents: [] });

function mediaItem(participant: ParticipantModel, conversation: ConversationModel): Record<string, unknown> {
  return {
    id: participant.mediaId,
    state: participant.mediaState,
    direction: "inbound",
    ...(participant.connectedTime === undefined ? {} : { connectedTime: toIso(participant.connectedTime) }),
    ...(participant.endTime === undefined ? {} : { disconnectedTime: toIso(participant.endTime) }),
    ...(participant.disconnectType === undefined ? {} : { disconnectType: participant.disconnectType }),
    // `callbackScheduledTime`: "when this communication is scheduled ... If this value is missing it
    // indicates the callback will be placed immediately" (QueueConversationEventTopicCallback).
    ...(conversation.mediaType === "callback" && conversation.callbackScheduledAt !== undefined
      ? { callbackScheduledTime: toIso(conversation.callbackScheduledAt) }
      : {}),
  };
}

function participantBody(
  participant: ParticipantModel,
  conversation: ConversationModel,
  alertingTimeoutMs: number,
): Record<string, unknown> {
  // The acd participant carries the queue's routing data; the agent's is present but empty; the customer
  // has none.
  const routingData =
    participant.purpose === "acd"
      ? queueRoutingData(conversation, participant)
      : participant.purpose === "agent"
        ? AGENT_ROUTING_DATA
        : undefined;
  const media: Record<string, unknown[]> = { calls: [], callbacks: [], chats: [], emails: [], messages: [] };
  media[MEDIA_ARRAY[conversation.mediaType]] = [mediaItem(participant, conversation)];
  return {
    id: participant.id,
    name: participant.name,
    purpose: participant.purpose,
    ...(participant.userId === undefined ? {} : { userId: participant.userId }),
    ...(participant.queueId === undefined ? {} : { queueId: participant.queueId }),
    startTime: toIso(participant.startTime),
    ...(participant.connectedTime === undefined ? {} : { connectedTime: toIso(participant.connectedTime) }),
    ...(participant.endTime === undefined ? {} : { endTime: toIso(participant.endTime) }),
    ...(participant.purpose === "agent" ? { alertingTimeoutMs, wrapupRequired: true } : {}),
    ...(routingData === undefined ? {} : { conversationRoutingData: routingData }),
    attributes: {},
    ...media,
  };
}

/** The conversation as `v2.routing.queues.{id}.conversations` carries it. */
export function conversationBody(
  conversation: ConversationModel,
  alertingTimeoutMs: number,
): Record<string, unknown> {
  return {
    id: conversation.id,
    participants: conversation.participants.map((participant) =>
      participantBody(participant, conversation, alertingTimeoutMs),
    ),
    recordingState: "none",
  };
}

export interface MemberExpansion {
  routingStatus: boolean;
  presence: boolean;
  skills: boolean;
  languages: boolean;
}

export function userSkillBody(
  skill: SkillModel,
  proficiency: number,
  state: string,
  userId: string,
): Record<string, unknown> {
  return {
    id: skill.id,
    name: skill.name,
    proficiency,
    state,
    skillUri: `/api/v2/routing/skills/${skill.id}`,
    selfUri: `/api/v2/users/${userId}/routingskills/${skill.id}`,
  };
}

export function userLanguageBody(
  language: LanguageModel,
  proficiency: number,
  state: string,
  userId: string,
): Record<string, unknown> {
  return {
    id: language.id,
    name: language.name,
    proficiency,
    state,
    languageUri: `/api/v2/routing/languages/${language.id}`,
    selfUri: `/api/v2/users/${userId}/routinglanguages/${language.id}`,
  };
}

export interface Catalogue {
  skill(id: string): SkillModel | undefined;
  language(id: string): LanguageModel | undefined;
}

export function userSkillsBody(agent: AgentModel, catalogue: Catalogue): Record<string, unknown>[] {
  return [...agent.skills.entries()].flatMap(([skillId, entry]) => {
    const skill = catalogue.skill(skillId);
    return skill === undefined ? [] : [userSkillBody(skill, entry.proficiency, entry.state, agent.id)];
  });
}

export function userLanguagesBody(agent: AgentModel, catalogue: Catalogue): Record<string, unknown>[] {
  return [...agent.languages.entries()].flatMap(([languageId, entry]) => {
    const language = catalogue.language(languageId);
    return language === undefined
      ? []
      : [userLanguageBody(language, entry.proficiency, entry.state, agent.id)];
  });
}

/** A QueueMember: routingStatus at the top, expanded presence/skills/languages inside `user`. */
export function queueMemberBody(
  agent: AgentModel,
  expansion: MemberExpansion,
  catalogue: Catalogue,
): Record<string, unknown> {
  return {
    id: agent.id,
    name: agent.name,
    user: {
      id: agent.id,
      name: agent.name,
      email: agent.email,
      state: "active",
      ...(expansion.presence ? { presence: presenceBody(agent) } : {}),
      ...(expansion.skills ? { skills: userSkillsBody(agent, catalogue) } : {}),
      ...(expansion.languages ? { languages: userLanguagesBody(agent, catalogue) } : {}),
      selfUri: `/api/v2/users/${agent.id}`,
    },
    ringNumber: 1,
    joined: true,
    memberBy: "user",
    ...(expansion.routingStatus ? { routingStatus: routingStatusBody(agent) } : {}),
  };
}

/** A `RoutingRule` as `Queue.routingRules` lists it (threshold "may be null for operator ANY"). */
function routingRuleBody(rule: RoutingRuleModel): Record<string, unknown> {
  return {
    operator: rule.operator,
    ...(rule.threshold === undefined ? {} : { threshold: rule.threshold }),
    waitSeconds: rule.waitSeconds,
  };
}

/**
 * A `Queue` (platform-client-sdk-java `build/docs/Queue.md`). `routingRules` ("used for Preferred Agent
 * Routing") is listed only when the queue has some, as Genesys leaves out what is not set.
 */
export function queueBody(
  queue: QueueModel,
  agents: (id: string) => AgentModel | undefined,
  routingRules: readonly RoutingRuleModel[],
  serviceLevel?: { readonly percentage: number; readonly durationMs: number },
): Record<string, unknown> {
  const members = queue.memberIds.flatMap((id) => {
    const agent = agents(id);
    return agent === undefined ? [] : [agent];
  });
  return {
    id: queue.id,
    name: queue.name,
    description: queue.description,
    dateCreated: queue.dateCreated,
    memberCount: members.length,
    userMemberCount: members.length,
    joinedMemberCount: members.length,
    enableManualAssignment: queue.manualAssignmentEnabled,
    skillEvaluationMethod: "ALL",
    scoringMethod: "TimestampAndPriority",
    ...(routingRules.length === 0 ? {} : { routingRules: routingRules.map(routingRuleBody) }),
    // `mediaSettings`: `QueueMediaSettings` { call, callback, chat, email, message } of `MediaSettings`, each
    // with `serviceLevel` { percentage, durationMs } (platform-client-sdk-java build/docs/Queue.md,
    // QueueMediaSettings.md).
    ...(serviceLevel === undefined
      ? {}
      : {
          mediaSettings: Object.fromEntries(
            ["call", "callback", "chat", "email", "message"].map((media) => [
              media,
              { serviceLevel: { percentage: serviceLevel.percentage, durationMs: serviceLevel.durationMs } },
            ]),
          ),
        }),
    selfUri: `/api/v2/routing/queues/${queue.id}`,
  };
}

export function skillBody(skill: SkillModel): Record<string, unknown> {
  return {
    id: skill.id,
    name: skill.name,
    dateModified: skill.dateModified,
    state: "active",
    version: "1",
    selfUri: `/api/v2/routing/skills/${skill.id}`,
  };
}

/** The Genesys shapes the tests read, written from genesys-api.md (not from the emulator's source). */
export interface ErrorBody {
  message: string;
  code: string;
  status: number;
  contextId: string;
  details: Array<{ errorCode?: string; fieldName?: string }>;
  errors: unknown[];
  messageWithParams: string;
  messageParams: Record<string, string>;
}

export interface MediaItem {
  id: string;
  state: "alerting" | "connected" | "disconnected" | "scheduled" | string;
  connectedTime?: string;
  disconnectedTime?: string;
  callbackScheduledTime?: string;
}

export interface ConversationParticipant {
  id: string;
  purpose: string;
  userId?: string;
  queueId?: string;
  alertingTimeoutMs?: number;
  connectedTime?: string;
  endTime?: string;
  /** On the acd participant the queue's; on an agent participant present but empty (no queue, no skills). */
  conversationRoutingData?: {
    queue?: { id: string };
    priority?: number;
    skills: Array<{ id: string }>;
    language?: { id: string };
    skillExpressionId?: string;
    scoredAgents: Array<{ agent: { id: string }; score: number }>;
  };
  attributes: Record<string, string>;
  calls: MediaItem[];
  callbacks: MediaItem[];
  messages: MediaItem[];
  chats: MediaItem[];
}

export interface ConversationBody {
  id: string;
  participants: ConversationParticipant[];
}

export interface RoutingStatusEvent {
  id: string;
  routingStatus: { status: string; startTime: string };
}

export interface Listing<T> {
  entities: T[];
  pageSize: number;
  pageNumber: number;
  total?: number;
  pageCount?: number;
  nextUri?: string;
}

export interface UserRoutingSkill {
  id: string;
  name: string;
  proficiency: number;
  state: string;
}

export interface QueueMember {
  id: string;
  name: string;
  user: { id: string; presence?: unknown; skills?: UserRoutingSkill[]; languages?: unknown[] };
  joined: boolean;
  routingStatus?: { status: string; startTime: string };
}

export interface AggregateResponse {
  results?: Array<{
    group: Record<string, string>;
    data: Array<{
      interval: string;
      metrics: Array<{ metric: string; stats: { count: number; sum?: number; min?: number; max?: number } }>;
    }>;
  }>;
}

/** The media items of a participant whatever its media type. */
export function mediaOf(participant: ConversationParticipant): MediaItem[] {
  return [...participant.calls, ...participant.callbacks, ...participant.messages, ...participant.chats];
}

/** `v2.users.{id}.activity`: AgentActivityChangedTopicAgentActivity (platform-client-sdk-python build/docs). */
export interface ActivityEvent {
  id: string;
  routingStatus: { status: string; startTime: string };
  presence: {
    presenceDefinition: { id: string; systemPresence: string };
    presenceMessage: string;
    modifiedDate: string;
  };
  outOfOffice: { active: boolean; modifiedDate: string };
  activeQueueIds: string[];
  dateActiveQueuesChanged: string;
}

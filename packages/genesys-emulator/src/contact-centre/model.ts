import type { TimerId } from "../time/clock.js";
import type { SystemPresence } from "./presence.js";

export type RoutingStatusName = "OFF_QUEUE" | "IDLE" | "INTERACTING" | "NOT_RESPONDING" | "COMMUNICATING";
export type MediaType = "call" | "message" | "chat";
export type MediaState = "alerting" | "connected" | "disconnected";
export type ParticipantPurpose = "customer" | "acd" | "agent";
export type DisconnectType = "client" | "peer" | "transfer" | "endpoint" | "system";
export type EntityState = "active" | "inactive";

export interface SkillModel {
  readonly id: string;
  readonly name: string;
  readonly dateModified: string;
}

export interface LanguageModel {
  readonly id: string;
  readonly name: string;
  readonly dateModified: string;
}

export interface QueueModel {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly dateCreated: string;
  /** The skill most of this queue's conversations ask for. */
  readonly primarySkillId: string;
  readonly manualAssignmentEnabled: boolean;
  readonly memberIds: string[];
}

export interface AgentSkill {
  proficiency: number;
  state: EntityState;
}

export interface AgentLanguage {
  proficiency: number;
  state: EntityState;
}

export interface AgentModel {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  /** Keyed by skill id; insertion order is the order Genesys would list them in. */
  readonly skills: Map<string, AgentSkill>;
  readonly languages: Map<string, AgentLanguage>;
  /** The queues the agent is a member of (every member has joined: see the README). */
  readonly queueIds: string[];
  /** When the agent last joined or left a queue (`dateActiveQueuesChanged` of the activity topic). */
  queuesChangedAt: number;
  status: RoutingStatusName;
  statusSince: number;
  presence: SystemPresence;
  presenceSince: number;
  conversationId: string | undefined;
  wrapUpTimer: TimerId | undefined;
  /** Mean survey score this agent earns, 0..1 (hidden trait drawn from the seed). */
  readonly quality: number;
  /** Multiplies drawn handle times (hidden trait drawn from the seed). */
  readonly pace: number;
}

export interface ParticipantModel {
  readonly id: string;
  readonly purpose: ParticipantPurpose;
  readonly name: string;
  readonly userId: string | undefined;
  readonly queueId: string | undefined;
  readonly mediaId: string;
  readonly startTime: number;
  mediaState: MediaState;
  connectedTime: number | undefined;
  endTime: number | undefined;
  disconnectType: DisconnectType | undefined;
}

export type OfferReason = "longest-idle" | "scored-agent" | "assign" | "transfer";
export type OfferOutcome = "pending" | "answered" | "declined" | "withdrawn";

export interface OfferRecord {
  readonly userId: string;
  readonly at: number;
  readonly reason: OfferReason;
  outcome: OfferOutcome;
}

export type ConversationState = "waiting" | "alerting" | "connected" | "ended";

export interface ScoredAgent {
  readonly userId: string;
  readonly score: number;
}

export interface ConversationTimers {
  route: TimerId | undefined;
  answer: TimerId | undefined;
  handle: TimerId | undefined;
  abandon: TimerId | undefined;
}

export interface ConversationModel {
  readonly id: string;
  readonly mediaType: MediaType;
  readonly arrivedAt: number;
  queueId: string;
  queuedAt: number;
  /** Not routed by the emulator itself before this time (decisions may arrive meanwhile). */
  routeAt: number;
  priority: number;
  skillIds: string[];
  languageId: string | undefined;
  scoredAgents: ScoredAgent[];
  state: ConversationState;
  readonly participants: ParticipantModel[];
  /** Agents who declined this conversation are not offered it again. */
  readonly declinedBy: Set<string>;
  readonly offers: OfferRecord[];
  readonly timers: ConversationTimers;
  endedAt: number | undefined;
}

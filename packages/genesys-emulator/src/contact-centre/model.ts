import type { TimerId } from "../time/clock.js";
import type { SystemPresence } from "./presence.js";

export type RoutingStatusName = "OFF_QUEUE" | "IDLE" | "INTERACTING" | "NOT_RESPONDING" | "COMMUNICATING";
export type MediaType = "call" | "message" | "chat" | "callback";
/**
 * Media item states the emulator uses, a subset of Genesys' (`QueueConversationEventTopicCallback`
 * `StateEnum`: alerting, dialing, contacting, offering, connected, disconnected, terminated, scheduled,
 * uploading, none; platform-client-sdk-java `build/docs/QueueConversationEventTopicCallback.md`).
 */
export type MediaState = "alerting" | "connected" | "disconnected" | "scheduled";
/**
 * `workflow`: the Architect flow (an inbound message flow and the bot it calls) that owns a conversation
 * before Transfer to ACD. Genesys documents `purpose` only as "a well known string" (Participant model);
 * analytics lists `workflow` among its purposes.
 */
export type ParticipantPurpose = "customer" | "acd" | "agent" | "workflow";
export type DisconnectType = "client" | "peer" | "transfer" | "endpoint" | "system";
export type EntityState = "active" | "inactive";

/**
 * One preferred agent routing rule of a queue (`RoutingRule`, platform-client-sdk-java
 * `build/docs/RoutingRule.md`): `MEETS_THRESHOLD` matches any scored agent at or above `threshold`, `ANY`
 * every scored agent whatever the score; `waitSeconds` is how long the rule is tried before the next.
 */
export interface RoutingRuleModel {
  readonly operator: "MEETS_THRESHOLD" | "ANY";
  readonly threshold?: number | undefined;
  readonly waitSeconds: number;
}

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
  /** A scheduled callback's leg: when the callback was booked for (`callbackScheduledTime`). */
  readonly scheduledFor: number | undefined;
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

/**
 * `scheduled`: a callback booked for later, in the queue's books but not routed before its time.
 * `in-flow`: an Architect flow (and its bot) has the conversation; it is in no queue yet.
 */
export type ConversationState = "scheduled" | "in-flow" | "waiting" | "alerting" | "connected" | "ended";

export interface ScoredAgent {
  readonly userId: string;
  readonly score: number;
}

export interface ConversationTimers {
  /** A scheduled callback's: when it starts waiting for an agent. */
  activate: TimerId | undefined;
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
  /** A skill expression the conversation is routed by (shown, not evaluated: see the README). */
  skillExpressionId: string | undefined;
  /** A callback booked for this time: it waits `scheduled` until then, then is routed like the others. */
  callbackScheduledAt: number | undefined;
  scoredAgents: ScoredAgent[];
  state: ConversationState;
  readonly participants: ParticipantModel[];
  /** Agents who declined this conversation are not offered it again. */
  readonly declinedBy: Set<string>;
  readonly offers: OfferRecord[];
  readonly timers: ConversationTimers;
  endedAt: number | undefined;
}

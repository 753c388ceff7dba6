/*
 * Response and request shapes, after Genesys' published SDK models (platform-client-sdk build/docs).
 * Only the fields this project reads are typed; Genesys marks nearly every field optional.
 */

export interface EntityRef {
  readonly id: string;
  readonly name?: string;
  readonly selfUri?: string;
}

/** A Genesys paged listing (`*EntityListing`). Some listings have no `total`/`pageCount`: follow `nextUri`. */
export interface EntityListing<T> {
  readonly entities?: readonly T[];
  readonly pageNumber?: number;
  readonly pageSize?: number;
  readonly total?: number;
  readonly pageCount?: number;
  readonly nextUri?: string;
}

// --- Notifications ---------------------------------------------------------------------------------

/** `Channel`: `connectUri` is the wss:// URL to open. */
export interface NotificationChannel {
  readonly id: string;
  readonly connectUri: string;
  /** ISO-8601; a channel lives 24 h unless resubscribed. */
  readonly expires?: string;
}

/** `ChannelTopic`. With `ignoreErrors`, topics Genesys refused come back with state "Rejected". */
export interface ChannelTopic {
  readonly id: string;
  readonly state?: "Permitted" | "Rejected";
  readonly rejectionReason?: string;
  readonly missingPermissions?: readonly string[];
  readonly selfUri?: string;
}

// --- Users -----------------------------------------------------------------------------------------

export type RoutingEntityState = "active" | "inactive" | "deleted";

/** `UserRoutingSkill`: proficiency 0.0–5.0. */
export interface UserRoutingSkill {
  readonly id: string;
  readonly name?: string;
  readonly proficiency: number;
  readonly state?: RoutingEntityState;
  readonly skillUri?: string;
}

/** `UserRoutingLanguage`: proficiency 0.0–5.0. */
export interface UserRoutingLanguage {
  readonly id: string;
  readonly name?: string;
  readonly proficiency: number;
  readonly state?: RoutingEntityState;
  readonly languageUri?: string;
}

/** One item of `PATCH /api/v2/users/{userId}/routingskills/bulk`. */
export interface UserRoutingSkillUpdate {
  readonly id: string;
  readonly proficiency: number;
}

// --- Routing ---------------------------------------------------------------------------------------

export type RoutingStatusValue = "OFF_QUEUE" | "IDLE" | "INTERACTING" | "NOT_RESPONDING" | "COMMUNICATING";

/** `RoutingStatus`. */
export interface RoutingStatus {
  readonly userId?: string;
  readonly status?: RoutingStatusValue;
  readonly startTime?: string;
}

export interface PresenceDefinition {
  readonly id?: string;
  /** e.g. "Available", "Busy", "Away", "Offline", "On Queue". */
  readonly systemPresence?: string;
}

/** `UserPresence`. */
export interface UserPresence {
  readonly presenceDefinition?: PresenceDefinition;
  readonly modifiedDate?: string;
}

/** The `user` of a queue member, with what `expand` adds. */
export interface QueueMemberUser {
  readonly id: string;
  readonly name?: string;
  readonly state?: string;
  readonly presence?: UserPresence;
  readonly routingStatus?: RoutingStatus;
  readonly skills?: readonly UserRoutingSkill[];
  readonly languages?: readonly UserRoutingLanguage[];
}

/** `User` of `GET /api/v2/users/{userId}`, with what `expand` adds (resolved on a best-effort basis). */
export interface User extends QueueMemberUser {
  readonly email?: string;
}

/** The `expand` values of `GET /api/v2/users/{userId}` this project asks for (UsersApi getUser). */
export type UserExpand = "routingStatus" | "presence" | "skills" | "languages";

/** `QueueMember`. */
export interface QueueMember {
  readonly id: string;
  readonly name?: string;
  readonly user?: QueueMemberUser;
  readonly ringNumber?: number;
  readonly joined?: boolean;
  readonly memberBy?: string;
  readonly routingStatus?: RoutingStatus;
}

export type QueueMemberExpand =
  | "routingStatus"
  | "presence"
  | "integrationPresence"
  | "conversationSummary"
  | "outOfOffice"
  | "skills"
  | "languages";

/**
 * `RoutingRule` (platform-client-sdk-java `build/docs/RoutingRule.md`): one preferred agent routing rule.
 * `MEETS_THRESHOLD` matches scored agents at or above `threshold`, `ANY` every scored agent;
 * `waitSeconds` is how long the rule is tried before the next.
 */
export interface RoutingRule {
  /** `MEETS_THRESHOLD` or `ANY` today; typed open, as Genesys adds enum values. */
  readonly operator?: string;
  /** "may be null for operator ANY". */
  readonly threshold?: number | null;
  readonly waitSeconds?: number;
}

/** `Queue`. */
export interface Queue {
  readonly id: string;
  readonly name?: string;
  readonly division?: EntityRef;
  readonly memberCount?: number;
  readonly joinedMemberCount?: number;
  readonly skillEvaluationMethod?: string;
  /** "The routing rules for the queue, used for Preferred Agent Routing"; absent when none are set. */
  readonly routingRules?: readonly RoutingRule[];
  /**
   * `QueueMediaSettings` per media type (call, callback, chat, email, message, ...): `serviceLevel` is the
   * target `oServiceLevel` is measured against (`ServiceLevel { percentage (0–1), durationMs }`).
   */
  readonly mediaSettings?: Readonly<
    Record<string, { readonly serviceLevel?: { readonly percentage?: number; readonly durationMs?: number } }>
  >;
}

/** `RoutingSkill`. */
export interface RoutingSkill {
  readonly id: string;
  readonly name?: string;
  readonly state?: RoutingEntityState;
  readonly dateModified?: string;
}

/** `RequestScoredAgent`: score 0–100, higher is more preferred. */
export interface RequestScoredAgent {
  readonly id: string;
  readonly score: number;
}

/** The part of `RoutingConversationAttributesRequest` we send. */
export interface RoutingConversationPatch {
  /** Range ±25,000,000; each point is worth one minute in queue. */
  readonly priority?: number;
  /** `[]` removes every skill requirement. */
  readonly skillIds?: readonly string[];
  /** `""` removes the language requirement. */
  readonly languageId?: string;
  readonly requestScoredAgents?: readonly RequestScoredAgent[];
}

/** `ScoredAgent`. */
export interface ScoredAgent {
  readonly agent?: EntityRef;
  readonly score?: number;
}

/** `RoutingConversationAttributesResponse`. */
export interface RoutingConversationAttributes {
  readonly priority?: number;
  readonly skills?: readonly EntityRef[];
  readonly language?: EntityRef;
  readonly scoredAgents?: readonly ScoredAgent[];
}

// --- Conversations ---------------------------------------------------------------------------------

/** `TransferToQueueRequest.transferType`; Genesys defaults to Unattended. */
export type TransferType = "Attended" | "Unattended";

/**
 * `TransferToQueueRequest` (platform-client-sdk-javascript build/index.d.ts; python build/docs
 * TransferToQueueRequest.md): the body of `POST /api/v2/conversations/{id}/participants/{pid}/replace/queue`.
 * The queue is named by `queueId` or `queueName`.
 */
export interface TransferToQueueRequest {
  readonly queueId?: string;
  readonly queueName?: string;
  /** Attended: the initiating participant keeps the conversation until the queue's agent accepts. */
  readonly transferType?: TransferType;
  /** true: the digital internal message is not terminated. */
  readonly keepInternalMessageAlive?: boolean;
}

/** A media item (`calls[]`, `messages[]`, ...) of a participant: the participant's state lives here. */
export interface ConversationMediaItem {
  readonly id?: string;
  readonly state?: string;
  readonly disconnectType?: string;
}

/** `Participant` (python build/docs/Participant.md): the fields this project reads. */
export interface ConversationParticipant {
  readonly id: string;
  /** "A well known string": customer, external, acd, agent, user, ivr, workflow, ... */
  readonly purpose?: string;
  readonly name?: string;
  readonly userId?: string;
  readonly queueId?: string;
  readonly endTime?: string;
  readonly calls?: readonly ConversationMediaItem[];
  readonly callbacks?: readonly ConversationMediaItem[];
  readonly chats?: readonly ConversationMediaItem[];
  readonly emails?: readonly ConversationMediaItem[];
  readonly messages?: readonly ConversationMediaItem[];
}

/** `Conversation` from `GET /api/v2/conversations/{conversationId}`: the fields this project reads. */
export interface Conversation {
  readonly id: string;
  readonly startTime?: string;
  readonly endTime?: string;
  readonly participants?: readonly ConversationParticipant[];
}

/** The part of `MediaParticipantRequest` we send. */
export interface ParticipantPatch {
  readonly state?: "connected" | "disconnected";
  readonly wrapupSkipped?: boolean;
}

// --- Analytics -------------------------------------------------------------------------------------

/** `StatisticalSummary`. */
export interface AggregateStats {
  readonly count?: number;
  readonly sum?: number;
  readonly min?: number;
  readonly max?: number;
  readonly countNegative?: number;
  readonly countPositive?: number;
  readonly current?: number;
  readonly ratio?: number;
  readonly numerator?: number;
  readonly denominator?: number;
  readonly target?: number;
  readonly p95?: number;
  readonly p99?: number;
}

/** `AggregateMetricData`. */
export interface AggregateMetric {
  readonly metric: string;
  readonly qualifier?: string;
  readonly stats: AggregateStats;
}

/** `StatisticalResponse`: one interval (a granularity bucket, or the whole query interval). */
export interface AggregateDataPoint {
  readonly interval: string;
  readonly metrics: readonly AggregateMetric[];
}

/** `ConversationAggregateDataContainer` / `SurveyAggregateDataContainer`. */
export interface AggregateResult {
  /** Dimension -> value, e.g. `{ userId: "…" }`. */
  readonly group?: Readonly<Record<string, string>>;
  readonly data?: readonly AggregateDataPoint[];
}

/** `ConversationAggregateQueryResponse` / `SurveyAggregateQueryResponse`. */
export interface AggregateQueryResponse {
  readonly results?: readonly AggregateResult[];
}

export interface AggregateQueryPredicate {
  readonly type?: "dimension" | "property" | "metric";
  readonly dimension?: string;
  readonly metric?: string;
  readonly operator?: "matches" | "exists" | "notExists";
  readonly value?: string;
}

export interface AggregateQueryClause {
  readonly type: "and" | "or";
  readonly predicates: readonly AggregateQueryPredicate[];
}

export interface AggregateQueryFilter {
  readonly type: "and" | "or";
  readonly predicates?: readonly AggregateQueryPredicate[];
  readonly clauses?: readonly AggregateQueryClause[];
}

/** `ConversationAggregationQuery` / `SurveyAggregationQuery` (the fields we use). */
export interface AggregateQuery {
  /** `start/end`, ISO-8601 instants. Longer than the chunk size: split, queried and merged by the client. */
  readonly interval: string;
  readonly granularity?: string;
  readonly timeZone?: string;
  readonly groupBy?: readonly string[];
  readonly filter?: AggregateQueryFilter;
  readonly metrics: readonly string[];
}

// --- Analytics: conversation details --------------------------------------------------------------

/** `ConversationDetailQueryPredicate` / `SegmentDetailQueryPredicate` (the fields we use). */
export interface DetailQueryPredicate {
  readonly type?: "dimension" | "property" | "metric";
  readonly dimension?: string;
  readonly metric?: string;
  /** Default `matches`, which needs a `value`. */
  readonly operator?: "matches" | "exists" | "notExists";
  readonly value?: string;
}

/** `ConversationDetailQueryClause` / `SegmentDetailQueryClause`. */
export interface DetailQueryClause {
  readonly type: "and" | "or";
  readonly predicates: readonly DetailQueryPredicate[];
}

/** `ConversationDetailQueryFilter` / `SegmentDetailQueryFilter`. */
export interface DetailQueryFilter {
  readonly type: "and" | "or";
  readonly predicates?: readonly DetailQueryPredicate[];
  readonly clauses?: readonly DetailQueryClause[];
}

/** `PagingSpec`: Genesys' default page size is 25, its maximum 100. */
export interface DetailQueryPaging {
  readonly pageSize: number;
  /** 1-based. */
  readonly pageNumber: number;
}

export type DetailQueryOrderBy = "conversationStart" | "conversationEnd" | "segmentStart" | "segmentEnd";

/** `ConversationQuery`, the body of `POST /api/v2/analytics/conversations/details/query` (the fields we use). */
export interface ConversationDetailQuery {
  /**
   * `start/end`, ISO-8601 instants. Genesys only searches conversations that started on a (UTC) day the
   * interval touches and were active during it: start the interval early enough for long waits.
   */
  readonly interval: string;
  /** Conversation-level filters, e.g. `conversationEnd` `notExists` (still going on). */
  readonly conversationFilters?: readonly DetailQueryFilter[];
  /** Segment-level filters, e.g. `queueId` `matches`: a conversation matches when one segment does. */
  readonly segmentFilters?: readonly DetailQueryFilter[];
  readonly order?: "asc" | "desc";
  readonly orderBy?: DetailQueryOrderBy;
  readonly paging?: DetailQueryPaging;
}

/** `AnalyticsConversationSegment` (the fields we read). */
export interface AnalyticsConversationSegment {
  /** e.g. `interact`, `alert`, `hold`, `wrapup`. */
  readonly segmentType?: string;
  readonly segmentStart?: string;
  /** Absent while the segment is still going on. */
  readonly segmentEnd?: string;
  readonly queueId?: string;
  readonly requestedRoutingSkillIds?: readonly string[];
  readonly requestedLanguageId?: string;
  readonly disconnectType?: string;
}

/** `AnalyticsSession` (the fields we read). */
export interface AnalyticsSession {
  readonly sessionId?: string;
  /** Analytics media types: `voice` (not `call`), `callback`, `chat`, `email`, `message`, … */
  readonly mediaType?: string;
  readonly direction?: string;
  readonly segments?: readonly AnalyticsConversationSegment[];
}

/** `AnalyticsParticipantWithoutAttributes` (the fields we read). */
export interface AnalyticsParticipant {
  readonly participantId?: string;
  readonly participantName?: string;
  /** `customer`, `acd`, `agent`, `ivr`, … */
  readonly purpose?: string;
  readonly userId?: string;
  readonly sessions?: readonly AnalyticsSession[];
}

/** `AnalyticsConversationWithoutAttributes` (the fields we read). */
export interface AnalyticsConversation {
  readonly conversationId: string;
  readonly conversationStart?: string;
  /** Absent while the conversation is going on. */
  readonly conversationEnd?: string;
  readonly originatingDirection?: string;
  readonly participants?: readonly AnalyticsParticipant[];
}

/** `AnalyticsConversationQueryResponse`: `conversations` is absent on an empty page. */
export interface ConversationDetailQueryResponse {
  readonly conversations?: readonly AnalyticsConversation[];
  readonly totalHits?: number;
}

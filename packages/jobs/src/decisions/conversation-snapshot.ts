/**
 * One conversation as the decision rule sees it, whatever source it was read from: a
 * `v2.routing.queues.{id}.conversations` notification body (`readNotificationConversation`) or an analytics
 * conversation detail (`readAnalyticsConversation`). Each reader maps its source's vocabulary onto these few
 * closed values; `decisionsFor` never looks at a source shape, so the two paths cannot drift apart.
 */

/** The media types the job catalog has a name for (`conversation.score` `mediaType`). */
export const CATALOG_MEDIA_TYPES = ["call", "callback", "chat", "email", "message"] as const;
export type CatalogMediaType = (typeof CATALOG_MEDIA_TYPES)[number];

/**
 * Where one participant's leg stands now.
 * - `alerting`: offered and ringing (an agent leg: an offer to check);
 * - `connected`: in the conversation (an acd leg: the customer waits in that queue; an agent leg: answered);
 * - `scheduled`: a callback scheduled for later: in the queue's books, but not waiting for an agent yet;
 * - `ended`: gone (disconnected, terminated; an agent in after-call work has left the customer too);
 * - `other`: live in a state no decision is taken on (`none`, `dialing`, `contacting`, `offering`,
 *   `uploading`, an IVR or hold segment, a state a newer Genesys adds).
 */
export type LegState = "alerting" | "connected" | "scheduled" | "ended" | "other";

/** What the queue asks of the agent, as Genesys reports it on the acd leg. */
export interface RoutingRequirements {
  readonly skillIds: readonly string[];
  readonly languageId: string | undefined;
  /**
   * A skill expression Genesys routes by instead of (or besides) `skillIds`: "If specified, it takes
   * priority over skills" (platform-client-sdk-java `build/docs/QueueConversationMessageEventTopicConversationRoutingData.md`).
   */
  readonly skillExpressionId: string | undefined;
  /**
   * The agents Genesys holds as `scoredAgents` for the conversation (what the last `requestScoredAgents`
   * set), when the source carries them: the notification body does
   * (`QueueConversationEventTopicConversationRoutingData.scoredAgents`, `{ agent: { id }, score }`), analytics
   * does not. Lets a decision see that what it would send is already there.
   */
  readonly scoredAgents?: readonly ScoredAgentSnapshot[] | undefined;
}

export interface ScoredAgentSnapshot {
  readonly agentId: string;
  readonly score: number;
}

export interface ParticipantSnapshot {
  readonly participantId: string | undefined;
  /** `customer`, `acd`, `agent`, `ivr`, `workflow`, ...; undefined when the source did not say. */
  readonly purpose: string | undefined;
  readonly userId: string | undefined;
  /** The queue the leg belongs to: the queue an acd leg waits in, the queue that offered an agent leg. */
  readonly queueId: string | undefined;
  readonly state: LegState;
  /** Was this leg ever answered (an agent who connected at some point, whatever its state now)? */
  readonly answered: boolean;
  /** The catalog's name of the leg's medium; undefined for media it has no name for (video, social, ...). */
  readonly mediaType: CatalogMediaType | undefined;
  /**
   * The routing requirements this leg carries. Only the acd leg's are read: Genesys sends agent legs with
   * an empty `conversationRoutingData` (no queue, `skills: []`).
   */
  readonly requirements: RoutingRequirements | undefined;
  /**
   * When the leg connected, epoch ms (`connectedTime`: "when this participant was connected to the
   * conversation"); for an acd leg, when the customer entered the queue. Never part of a job id.
   */
  readonly connectedAtMs?: number | undefined;
}

export interface ConversationSnapshot {
  readonly conversationId: string;
  /** The queue whose decisions are asked for (the topic's queue, or the queue a recovery reads). */
  readonly queueId: string;
  /** When the source was observed, epoch ms; carried into the jobs, never into their ids. */
  readonly observedAtMs: number;
  readonly participants: readonly ParticipantSnapshot[];
}

/**
 * What a conversation still going on in a queue asks of us, read from its analytics details (pure). The
 * same rules as the ingester's notification mapping, so that a recovered job gets the same catalog id as
 * the job the missed event would have given, and dedupes against it.
 */
import type {
  AnalyticsConversation,
  AnalyticsConversationSegment,
  AnalyticsParticipant,
  AnalyticsSession,
} from "@routing/genesys-client";
import type { JobInput } from "@routing/jobs";

/** The catalog bounds re-scoring rounds (`round` max 20). */
const MAX_ROUND = 20;

type ScoreMediaType = JobInput<"conversation.score">["mediaType"];

/** Analytics names a call `voice`; the job catalog (like the conversation API) says `call`. */
const MEDIA_TYPES: Readonly<Record<string, ScoreMediaType>> = {
  voice: "call",
  callback: "callback",
  chat: "chat",
  email: "email",
  message: "message",
};

export type MissedDecision =
  | { readonly name: "conversation.score"; readonly input: JobInput<"conversation.score"> }
  | { readonly name: "assignment.check"; readonly input: JobInput<"assignment.check"> };

export type NoDecisionReason = "agent-connected" | "not-in-queue" | "unsupported-media" | "round-limit";

export interface ConversationDecisions {
  readonly decisions: readonly MissedDecision[];
  /** Set exactly when `decisions` is empty. */
  readonly reason: NoDecisionReason | undefined;
}

const sessionsOf = (participant: AnalyticsParticipant): readonly AnalyticsSession[] =>
  participant.sessions ?? [];
const segmentsOf = (participant: AnalyticsParticipant): AnalyticsConversationSegment[] =>
  sessionsOf(participant).flatMap((session) => [...(session.segments ?? [])]);
const isOpen = (segment: AnalyticsConversationSegment): boolean => segment.segmentEnd === undefined;
const inQueue = (segment: AnalyticsConversationSegment, queueId: string): boolean =>
  segment.queueId === queueId;

/** The acd session holding the customer in this queue right now, with its open segment. */
function openQueueSession(participants: readonly AnalyticsParticipant[], queueId: string) {
  for (const participant of participants) {
    if (participant.purpose !== "acd") continue;
    for (const session of sessionsOf(participant)) {
      const segment = (session.segments ?? []).find((s) => isOpen(s) && inQueue(s, queueId));
      if (segment !== undefined) return { session, segment };
    }
  }
  return undefined;
}

const isAgent = (participant: AnalyticsParticipant): boolean => participant.purpose === "agent";
const isLive = (participant: AnalyticsParticipant): boolean => segmentsOf(participant).some(isOpen);
const wasConnected = (participant: AnalyticsParticipant): boolean =>
  segmentsOf(participant).some((segment) => segment.segmentType === "interact");

/** Offers in this queue that ended unanswered: each sent the customer back to waiting (the ingester's round). */
function unansweredOffers(participants: readonly AnalyticsParticipant[], queueId: string): number {
  return participants.filter(
    (participant) =>
      isAgent(participant) &&
      segmentsOf(participant).some((segment) => inQueue(segment, queueId)) &&
      !isLive(participant) &&
      !wasConnected(participant),
  ).length;
}

/** An agent of this queue being alerted right now: an offer to check. */
function alertingAgents(
  participants: readonly AnalyticsParticipant[],
  queueId: string,
): AnalyticsParticipant[] {
  return participants.filter(
    (participant) =>
      isAgent(participant) &&
      segmentsOf(participant).some(
        (segment) =>
          isOpen(segment) && segment.segmentType === "alert" && (segment.queueId ?? queueId) === queueId,
      ),
  );
}

/**
 * The decision jobs one conversation still going on in `queueId` asks for: `conversation.score` while the
 * customer waits with no agent alerting or connected, `assignment.check` for each agent being alerted.
 * Payloads are left to the catalog to validate (a malformed id is refused there, naming the field).
 */
export function missedDecisions(
  conversation: AnalyticsConversation,
  queueId: string,
  observedAtMs: number,
): ConversationDecisions {
  const participants = conversation.participants ?? [];
  const queued = openQueueSession(participants, queueId);
  const routing = {
    skillIds: [...(queued?.segment.requestedRoutingSkillIds ?? [])],
    ...(queued?.segment.requestedLanguageId === undefined
      ? {}
      : { languageId: queued.segment.requestedLanguageId }),
  };
  const checks: MissedDecision[] = alertingAgents(participants, queueId).map((agent) => ({
    name: "assignment.check",
    input: {
      conversationId: conversation.conversationId,
      queueId,
      // An empty id fails the catalog's schema, which names the field: refused visibly, not guessed.
      userId: agent.userId ?? "",
      participantId: agent.participantId ?? "",
      ...routing,
      observedAtMs,
    },
  }));
  if (checks.length > 0) return { decisions: checks, reason: undefined };
  // An answered conversation has left the queue too: say why, not just where.
  if (participants.some((participant) => isAgent(participant) && isLive(participant))) {
    return { decisions: [], reason: "agent-connected" };
  }
  if (queued === undefined) return { decisions: [], reason: "not-in-queue" };
  const mediaType = MEDIA_TYPES[queued.session.mediaType ?? ""];
  if (mediaType === undefined) return { decisions: [], reason: "unsupported-media" };
  const round = unansweredOffers(participants, queueId);
  if (round > MAX_ROUND) return { decisions: [], reason: "round-limit" };
  return {
    decisions: [
      {
        name: "conversation.score",
        input: {
          conversationId: conversation.conversationId,
          queueId,
          mediaType,
          ...routing,
          round,
          observedAtMs,
        },
      },
    ],
    reason: undefined,
  };
}

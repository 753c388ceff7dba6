/**
 * A conversation as the analytics detail query shows it (`AnalyticsConversationWithoutAttributes`): the
 * participants' sessions cut into segments, built from the same model the REST and notification views use.
 */
import type { ConversationModel, MediaType, ParticipantModel } from "../contact-centre/model.js";
import { toIso } from "../time/iso.js";

/** Analytics names media differently from the conversation API: a call is a `voice` session. */
const ANALYTICS_MEDIA_TYPE: Record<MediaType, string> = {
  call: "voice",
  message: "message",
  chat: "chat",
  callback: "callback",
};

export interface DetailSegment {
  readonly segmentType: "interact" | "alert" | "scheduled";
  readonly segmentStart: number;
  readonly segmentEnd: number | undefined;
  readonly queueId: string | undefined;
  readonly disconnectType: string | undefined;
}

/**
 * The segments of one participant's session. The acd participant interacts with the queue while the
 * customer waits; an agent is alerted, then (once answered) interacts. The last segment carries the
 * disconnect type once the participant has left.
 */
export function participantSegments(participant: ParticipantModel): DetailSegment[] {
  const segment = (
    segmentType: DetailSegment["segmentType"],
    start: number,
    end: number | undefined,
  ): DetailSegment => ({
    segmentType,
    segmentStart: start,
    segmentEnd: end,
    queueId: participant.queueId,
    disconnectType: end !== undefined && end === participant.endTime ? participant.disconnectType : undefined,
  });
  if (participant.purpose !== "agent") {
    // A scheduled callback's leg: a `scheduled` segment until the booked time (or its cancellation), then
    // it interacts like any other (`SegmentTypeEnum` has `scheduled`).
    if (participant.scheduledFor !== undefined) {
      if (participant.mediaState === "scheduled")
        return [segment("scheduled", participant.startTime, undefined)];
      const activatedAt = participant.connectedTime;
      if (activatedAt === undefined)
        return [segment("scheduled", participant.startTime, participant.endTime)];
      return [
        segment("scheduled", participant.startTime, activatedAt),
        segment("interact", activatedAt, participant.endTime),
      ];
    }
    return [segment("interact", participant.startTime, participant.endTime)];
  }
  if (participant.connectedTime === undefined) {
    return [segment("alert", participant.startTime, participant.endTime)];
  }
  return [
    segment("alert", participant.startTime, participant.connectedTime),
    segment("interact", participant.connectedTime, participant.endTime),
  ];
}

export function analyticsMediaType(conversation: ConversationModel): string {
  return ANALYTICS_MEDIA_TYPE[conversation.mediaType];
}

function segmentBody(segment: DetailSegment, conversation: ConversationModel, purpose: string) {
  // Genesys reports what was asked of routing on the queue's (acd) segments.
  const routed = purpose === "acd";
  return {
    segmentType: segment.segmentType,
    segmentStart: toIso(segment.segmentStart),
    ...(segment.segmentEnd === undefined ? {} : { segmentEnd: toIso(segment.segmentEnd) }),
    ...(segment.queueId === undefined ? {} : { queueId: segment.queueId }),
    ...(routed && conversation.skillIds.length > 0
      ? { requestedRoutingSkillIds: [...conversation.skillIds] }
      : {}),
    ...(routed && conversation.languageId !== undefined
      ? { requestedLanguageId: conversation.languageId }
      : {}),
    ...(segment.disconnectType === undefined ? {} : { disconnectType: segment.disconnectType }),
    conference: false,
  };
}

export function conversationDetailBody(conversation: ConversationModel): Record<string, unknown> {
  return {
    conversationId: conversation.id,
    conversationStart: toIso(conversation.arrivedAt),
    ...(conversation.endedAt === undefined ? {} : { conversationEnd: toIso(conversation.endedAt) }),
    originatingDirection: "inbound",
    participants: conversation.participants.map((participant) => ({
      participantId: participant.id,
      participantName: participant.name,
      purpose: participant.purpose,
      ...(participant.userId === undefined ? {} : { userId: participant.userId }),
      sessions: [
        {
          sessionId: participant.mediaId,
          mediaType: analyticsMediaType(conversation),
          direction: "inbound",
          // AnalyticsSession `skillExpressionId` and `callbackScheduledTime` (platform-client-sdk-java
          // build/docs/AnalyticsSession.md), on the queue's (acd) session.
          ...(participant.purpose === "acd" && conversation.skillExpressionId !== undefined
            ? { skillExpressionId: conversation.skillExpressionId }
            : {}),
          ...(participant.scheduledFor === undefined
            ? {}
            : { callbackScheduledTime: toIso(participant.scheduledFor) }),
          segments: participantSegments(participant).map((segment) =>
            segmentBody(segment, conversation, participant.purpose),
          ),
        },
      ],
    })),
  };
}

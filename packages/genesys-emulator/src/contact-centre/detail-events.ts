import type { ConversationModel, DisconnectType, MediaType, ParticipantModel } from "./model.js";

/** Detail events spell media types and disconnect types in upper case. */
const DETAIL_MEDIA: Record<MediaType, string> = {
  call: "VOICE",
  message: "MESSAGE",
  chat: "CHAT",
  callback: "CALLBACK",
};

export interface DetailEventExtras {
  acdOutcome?: "ANSWERED" | "ABANDON" | "TRANSFER";
  answeredUserId?: string;
  disconnectType?: DisconnectType;
}

/** Body of v2.detail.events.conversation.{id}.acd.start|acd.end|user.start|user.end (the subset we emit). */
export function detailEventBody(
  conversation: ConversationModel,
  participant: ParticipantModel,
  eventTime: number,
  extras: DetailEventExtras,
): Record<string, unknown> {
  return {
    eventTime,
    conversationId: conversation.id,
    participantId: participant.id,
    sessionId: participant.mediaId,
    mediaType: DETAIL_MEDIA[conversation.mediaType],
    direction: "INBOUND",
    ...(participant.queueId === undefined ? {} : { queueId: participant.queueId }),
    ...(participant.userId === undefined ? {} : { userId: participant.userId }),
    ...(extras.acdOutcome === undefined ? {} : { acdOutcome: extras.acdOutcome }),
    ...(extras.answeredUserId === undefined ? {} : { answeredUserId: extras.answeredUserId }),
    ...(extras.disconnectType === undefined ? {} : { disconnectType: extras.disconnectType.toUpperCase() }),
  };
}

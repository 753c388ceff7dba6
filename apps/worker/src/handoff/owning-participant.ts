import type { Conversation, ConversationMediaItem, ConversationParticipant } from "@routing/genesys-client";

/**
 * Who currently holds the conversation, in order of preference: an agent talking to the customer, then the
 * flow or bot that answers it (an Architect flow's participant), then the queue (acd) it waits in. The
 * customer (and any other external party) is never a candidate: replace acts on the participant NAMED and
 * disconnects it (genesys-api.md "Corrections"), so naming the customer would drop the customer.
 */
const OWNER_PREFERENCE: readonly string[] = ["agent", "workflow", "ivr", "bot", "acd"];
const NEVER_THE_OWNER: ReadonlySet<string> = new Set(["customer", "external"]);

export type OwnerResolution =
  | {
      readonly kind: "found";
      readonly participant: ConversationParticipant;
      readonly purpose: string;
      readonly namedIgnored: boolean;
    }
  | { readonly kind: "none" };

function mediaOf(participant: ConversationParticipant): readonly ConversationMediaItem[] {
  return [
    ...(participant.messages ?? []),
    ...(participant.chats ?? []),
    ...(participant.calls ?? []),
    ...(participant.callbacks ?? []),
    ...(participant.emails ?? []),
  ];
}

/** A participant has no state of its own: it is connected when one of its media items is. */
export function isConnected(participant: ConversationParticipant): boolean {
  return mediaOf(participant).some((item) => item.state === "connected");
}

function canOwn(participant: ConversationParticipant): boolean {
  const purpose = participant.purpose ?? "";
  return !NEVER_THE_OWNER.has(purpose) && OWNER_PREFERENCE.includes(purpose) && isConnected(participant);
}

/**
 * The participant to name in `replace/queue`. A sender-supplied `namedParticipantId` is used when it names
 * a connected participant that may own the conversation; when it names the customer (what senders were
 * told to send before) or anyone else, it is ignored and the owner is looked up instead.
 */
export function owningParticipant(conversation: Conversation, namedParticipantId?: string): OwnerResolution {
  const participants = conversation.participants ?? [];
  const named =
    namedParticipantId === undefined ? undefined : participants.find((p) => p.id === namedParticipantId);
  if (named !== undefined && canOwn(named)) {
    return { kind: "found", participant: named, purpose: named.purpose ?? "", namedIgnored: false };
  }
  for (const purpose of OWNER_PREFERENCE) {
    // The latest one: a conversation transferred before keeps its earlier, disconnected legs.
    const owner = participants.filter((p) => p.purpose === purpose && canOwn(p)).at(-1);
    if (owner !== undefined) {
      return { kind: "found", participant: owner, purpose, namedIgnored: namedParticipantId !== undefined };
    }
  }
  return { kind: "none" };
}

/**
 * A tolerant reading of the conversation body Genesys sends on `v2.routing.queues.{id}.conversations`.
 * Event bodies come from outside and their models grow over time, so nothing here throws: a field of the
 * wrong type reads as absent, and deciding what that means is left to the caller.
 */

/** The media arrays of a participant and the `mediaType` the job catalog knows each by. */
const MEDIA_ARRAYS = {
  calls: "call",
  callbacks: "callback",
  chats: "chat",
  emails: "email",
  messages: "message",
} as const;

/** Media Genesys has that no routing decision of ours covers; a participant on them is still live. */
const OTHER_MEDIA_ARRAYS = ["socialExpressions", "videos", "cobrowsesessions", "screenshares"] as const;

export type CatalogMediaType = (typeof MEDIA_ARRAYS)[keyof typeof MEDIA_ARRAYS];

/** Media item states after which the participant is gone from the conversation. */
const ENDED_STATES = new Set(["disconnected", "terminated"]);

export interface MediaItemView {
  /** undefined: a media type the job catalog has no name for (video, social, ...). */
  readonly mediaType: CatalogMediaType | undefined;
  readonly state: string;
  readonly connectedTime: string | undefined;
}

export interface RoutingDataView {
  readonly queueId: string | undefined;
  readonly skillIds: readonly string[];
  readonly languageId: string | undefined;
}

export interface ParticipantView {
  readonly id: string | undefined;
  readonly purpose: string | undefined;
  readonly userId: string | undefined;
  /** The participant's own queueId, else the queue of its routing data. */
  readonly queueId: string | undefined;
  readonly connectedTime: string | undefined;
  readonly routingData: RoutingDataView | undefined;
  /** The first media item that has not ended; undefined when every item has (or there is none). */
  readonly liveMedia: MediaItemView | undefined;
  /** Every media item, ended or not. */
  readonly media: readonly MediaItemView[];
}

export interface ConversationView {
  readonly id: string;
  readonly participants: readonly ParticipantView[];
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function idOf(value: unknown): string | undefined {
  return isRecord(value) ? text(value.id) : undefined;
}

function readRoutingData(value: unknown): RoutingDataView | undefined {
  if (!isRecord(value)) return undefined;
  const skills = Array.isArray(value.skills) ? value.skills : [];
  return {
    queueId: idOf(value.queue),
    skillIds: skills.flatMap((skill) => {
      const id = idOf(skill);
      return id === undefined ? [] : [id];
    }),
    languageId: idOf(value.language),
  };
}

function readMediaItems(
  participant: Json,
  arrayName: string,
  mediaType: CatalogMediaType | undefined,
): MediaItemView[] {
  const items = participant[arrayName];
  if (!Array.isArray(items)) return [];
  return items.flatMap((item) => {
    if (!isRecord(item)) return [];
    const state = text(item.state);
    return state === undefined ? [] : [{ mediaType, state, connectedTime: text(item.connectedTime) }];
  });
}

export function isEndedState(state: string): boolean {
  return ENDED_STATES.has(state);
}

function readParticipant(value: unknown): ParticipantView | undefined {
  if (!isRecord(value)) return undefined;
  const media = [
    ...Object.entries(MEDIA_ARRAYS).flatMap(([arrayName, mediaType]) =>
      readMediaItems(value, arrayName, mediaType),
    ),
    ...OTHER_MEDIA_ARRAYS.flatMap((arrayName) => readMediaItems(value, arrayName, undefined)),
  ];
  const routingData = readRoutingData(value.conversationRoutingData);
  return {
    id: text(value.id),
    purpose: text(value.purpose),
    userId: text(value.userId),
    queueId: text(value.queueId) ?? routingData?.queueId,
    connectedTime: text(value.connectedTime),
    routingData,
    liveMedia: media.find((item) => !isEndedState(item.state)),
    media,
  };
}

/** undefined when the body is not a conversation at all (no id or no participant list). */
export function readConversation(body: unknown): ConversationView | undefined {
  if (!isRecord(body)) return undefined;
  const id = text(body.id);
  if (id === undefined || !Array.isArray(body.participants)) return undefined;
  return {
    id,
    participants: body.participants.flatMap((participant) => {
      const view = readParticipant(participant);
      return view === undefined ? [] : [view];
    }),
  };
}

/** Was this participant ever answered? Either its own or a media item's connectedTime says so. */
export function wasConnected(participant: ParticipantView): boolean {
  return (
    participant.connectedTime !== undefined ||
    participant.media.some((item) => item.connectedTime !== undefined || item.state === "connected")
  );
}

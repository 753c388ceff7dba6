/**
 * Reads the conversation body Genesys sends on `v2.routing.queues.{id}.conversations`
 * (`QueueConversationEventTopicConversation`: participants with `conversationRoutingData` and media arrays
 * `calls[]`, `callbacks[]`, `chats[]`, `emails[]`, `messages[]`, ...; a participant has no state of its own,
 * its media items have; platform-client-sdk-python `build/docs/QueueConversationEventTopicParticipant.md`).
 * Event bodies come from outside and their models grow, so nothing here throws: a field of the wrong type
 * reads as absent, and what that means is `decisionsFor`'s to decide.
 */
import type {
  CatalogMediaType,
  ConversationSnapshot,
  LegState,
  ParticipantSnapshot,
  RoutingRequirements,
  ScoredAgentSnapshot,
} from "./conversation-snapshot.js";
import { epochMs, idOf, isRecord, text } from "./tolerant-json.js";

/** The media arrays of a participant and the catalog's name for each. */
const CATALOG_MEDIA_ARRAYS = {
  calls: "call",
  callbacks: "callback",
  chats: "chat",
  emails: "email",
  messages: "message",
} as const satisfies Record<string, CatalogMediaType>;

/** Media Genesys has that no decision of ours covers; a participant on them is still in the conversation. */
const OTHER_MEDIA_ARRAYS = [
  "socialExpressions",
  "videos",
  "cobrowsesessions",
  "screenshares",
  "internalMessages",
  "screenMonitorings",
] as const;

/**
 * Media item states (`QueueConversationEventTopicCallback` `StateEnum`: alerting, dialing, contacting,
 * offering, connected, disconnected, terminated, scheduled, uploading, none; calls, chats, emails and
 * messages use the same words) onto the rule's leg states.
 */
function legState(state: string): LegState {
  switch (state) {
    case "alerting":
      return "alerting";
    case "connected":
      return "connected";
    case "scheduled":
      return "scheduled";
    case "disconnected":
    case "terminated":
      return "ended";
    default:
      return "other";
  }
}

interface MediaItem {
  readonly mediaType: CatalogMediaType | undefined;
  readonly state: string;
  readonly connected: boolean;
}

function mediaItems(participant: Record<string, unknown>): MediaItem[] {
  const read = (arrayName: string, mediaType: CatalogMediaType | undefined): MediaItem[] => {
    const items = participant[arrayName];
    if (!Array.isArray(items)) return [];
    return items.flatMap((item) => {
      if (!isRecord(item)) return [];
      const state = text(item.state);
      if (state === undefined) return [];
      return [
        { mediaType, state, connected: text(item.connectedTime) !== undefined || state === "connected" },
      ];
    });
  };
  return [
    ...Object.entries(CATALOG_MEDIA_ARRAYS).flatMap(([arrayName, mediaType]) => read(arrayName, mediaType)),
    ...OTHER_MEDIA_ARRAYS.flatMap((arrayName) => read(arrayName, undefined)),
  ];
}

/** `scoredAgents` entries (`{ agent: { id }, score }`); an entry without an id or a numeric score is skipped. */
function readScoredAgents(value: unknown): ScoredAgentSnapshot[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    const agentId = isRecord(entry) ? idOf(entry.agent) : undefined;
    const score = isRecord(entry) ? entry.score : undefined;
    return agentId === undefined || typeof score !== "number" || !Number.isFinite(score)
      ? []
      : [{ agentId, score }];
  });
}

/**
 * `conversationRoutingData` (`QueueConversationEventTopicConversationRoutingData`: queue, language,
 * priority, skills, scoredAgents, and on newer models `skillExpressionId`). Undefined when absent: the
 * acd leg then gave nothing to decide with.
 */
function readRequirements(value: unknown): RoutingRequirements | undefined {
  if (!isRecord(value)) return undefined;
  const skills = Array.isArray(value.skills) ? value.skills : [];
  return {
    skillIds: skills.flatMap((skill) => {
      const id = idOf(skill);
      return id === undefined ? [] : [id];
    }),
    languageId: idOf(value.language),
    skillExpressionId: text(value.skillExpressionId),
    scoredAgents: readScoredAgents(value.scoredAgents),
  };
}

function readParticipant(value: unknown): ParticipantSnapshot | undefined {
  if (!isRecord(value)) return undefined;
  const media = mediaItems(value);
  const live = media.find((item) => legState(item.state) !== "ended");
  const routing = isRecord(value.conversationRoutingData) ? value.conversationRoutingData : undefined;
  return {
    participantId: text(value.id),
    purpose: text(value.purpose),
    userId: text(value.userId),
    queueId: text(value.queueId) ?? idOf(routing?.queue),
    // No media item left that has not ended (or none at all): the leg is gone.
    state: live === undefined ? "ended" : legState(live.state),
    answered: text(value.connectedTime) !== undefined || media.some((item) => item.connected),
    mediaType: (live ?? media[0])?.mediaType,
    requirements: readRequirements(value.conversationRoutingData),
    connectedAtMs: epochMs(value.connectedTime),
  };
}

/**
 * The conversation of a notification body, for the decisions of `queueId`; undefined when the body is not a
 * conversation at all (no id, or no participant list).
 */
export function readNotificationConversation(
  body: unknown,
  queueId: string,
  observedAtMs: number,
): ConversationSnapshot | undefined {
  if (!isRecord(body)) return undefined;
  const conversationId = text(body.id);
  if (conversationId === undefined || !Array.isArray(body.participants)) return undefined;
  return {
    conversationId,
    queueId,
    observedAtMs,
    participants: body.participants.flatMap((participant) => {
      const leg = readParticipant(participant);
      return leg === undefined ? [] : [leg];
    }),
  };
}

/**
 * Reads one conversation of `POST /api/v2/analytics/conversations/details/query`
 * (`AnalyticsConversationWithoutAttributes`: participants -> sessions -> segments; an open segment has no
 * `segmentEnd`). Models from platform-client-sdk-java `build/docs/AnalyticsSession.md` (`mediaType`,
 * `skillExpressionId`, `callbackScheduledTime`) and `build/docs/AnalyticsConversationSegment.md`
 * (`segmentType`, `queueId`, `requestedRoutingSkillIds`, `requestedLanguageId`). Tolerant like the
 * notification reader: it never throws, whatever the response holds.
 */
import type {
  CatalogMediaType,
  ConversationSnapshot,
  LegState,
  ParticipantSnapshot,
  RoutingRequirements,
} from "./conversation-snapshot.js";
import { epochMs, isRecord, type JsonRecord, records, text, texts } from "./tolerant-json.js";

/** Analytics names a call `voice` (`AnalyticsSession` `MediaTypeEnum`); the catalog says `call`. */
const CATALOG_MEDIA_TYPES: Readonly<Record<string, CatalogMediaType>> = {
  voice: "call",
  callback: "callback",
  chat: "chat",
  email: "email",
  message: "message",
};

/**
 * The open segment's type (`SegmentTypeEnum`) onto the rule's leg states: `alert` is an offer ringing,
 * `interact` and `hold` are in the conversation (for an acd leg: waiting in its queue), `scheduled` is a
 * scheduled callback; an agent's `wrapup` comes after the customer has gone, as a disconnected media item
 * does in the notification body.
 */
function legState(segmentType: string | undefined): LegState {
  switch (segmentType) {
    case "alert":
      return "alerting";
    case "interact":
    case "hold":
      return "connected";
    case "scheduled":
      return "scheduled";
    case "wrapup":
      return "ended";
    default:
      return "other";
  }
}

interface Located {
  readonly session: JsonRecord;
  readonly segment: JsonRecord;
}

function segmentsOf(participant: JsonRecord): Located[] {
  return records(participant.sessions).flatMap((session) =>
    records(session.segments).map((segment) => ({ session, segment })),
  );
}

const isOpen = ({ segment }: Located): boolean => text(segment.segmentEnd) === undefined;

/**
 * The queue's requirements on an acd leg. Analytics leaves `requestedRoutingSkillIds` out when none were
 * asked for, so an acd leg always has requirements here (possibly none).
 */
function readRequirements(current: Located | undefined, all: readonly Located[]): RoutingRequirements {
  const asked =
    current !== undefined &&
    (current.segment.requestedRoutingSkillIds !== undefined ||
      current.segment.requestedLanguageId !== undefined)
      ? current
      : all.findLast(
          ({ segment }) =>
            segment.requestedRoutingSkillIds !== undefined || segment.requestedLanguageId !== undefined,
        );
  const session = current?.session ?? all.at(-1)?.session;
  return {
    skillIds: texts(asked?.segment.requestedRoutingSkillIds),
    languageId: text(asked?.segment.requestedLanguageId),
    skillExpressionId: text(session?.skillExpressionId),
  };
}

function readParticipant(value: JsonRecord): ParticipantSnapshot {
  const all = segmentsOf(value);
  const current = all.filter(isOpen).at(-1);
  const purpose = text(value.purpose);
  const inQueue = current !== undefined && text(current.segment.queueId) !== undefined ? current : undefined;
  const queueSegment = inQueue ?? all.findLast(({ segment }) => text(segment.queueId) !== undefined);
  const session = current?.session ?? all.at(-1)?.session;
  return {
    participantId: text(value.participantId),
    purpose,
    userId: text(value.userId),
    queueId: text(queueSegment?.segment.queueId),
    state: current === undefined ? "ended" : legState(text(current.segment.segmentType)),
    answered: all.some(({ segment }) => segment.segmentType === "interact"),
    mediaType: CATALOG_MEDIA_TYPES[text(session?.mediaType) ?? ""],
    requirements: purpose === "acd" ? readRequirements(current, all) : undefined,
    // The first interact segment starts when the leg connected (an acd leg's: the customer entered the queue).
    connectedAtMs: epochMs(
      all.find(({ segment }) => segment.segmentType === "interact")?.segment.segmentStart,
    ),
  };
}

/**
 * The conversation of an analytics detail, for the decisions of `queueId`; undefined when it is not a
 * conversation at all (no `conversationId`).
 */
export function readAnalyticsConversation(
  detail: unknown,
  queueId: string,
  observedAtMs: number,
): ConversationSnapshot | undefined {
  if (!isRecord(detail)) return undefined;
  const conversationId = text(detail.conversationId);
  if (conversationId === undefined) return undefined;
  return {
    conversationId,
    queueId,
    observedAtMs,
    participants: records(detail.participants).map(readParticipant),
  };
}

/**
 * `POST /api/v2/analytics/conversations/details/query` over the emulator's conversations: the interval,
 * the conversation and segment filters the platform uses, order and paging, with Genesys' shapes.
 */
import { z } from "zod";
import type { ConversationModel } from "../contact-centre/model.js";
import { parseOrThrow } from "../protocol/http/validation.js";
import {
  analyticsMediaType,
  conversationDetailBody,
  participantSegments,
} from "./conversation-detail-view.js";
import { missingField, parseIntervalField, unsupportedDimension } from "./query-errors.js";

const DAY_MS = 86_400_000;
/** Genesys' default and largest page of a detail query. */
const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 100;

export const CONVERSATION_DIMENSIONS = ["conversationId", "conversationEnd", "originatingDirection"] as const;
export const SEGMENT_DIMENSIONS = [
  "queueId",
  "userId",
  "purpose",
  "mediaType",
  "segmentType",
  "segmentEnd",
] as const;

const predicateSchema = z.looseObject({
  type: z.enum(["dimension", "property", "metric"]).optional(),
  dimension: z.string(),
  operator: z.enum(["matches", "exists", "notExists"]).optional(),
  value: z.string().nullable().optional(),
});
const clauseSchema = z.looseObject({
  type: z.enum(["and", "or"]),
  predicates: z.array(predicateSchema).min(1),
});
const filterSchema = z.looseObject({
  type: z.enum(["and", "or"]),
  predicates: z.array(predicateSchema).min(1).optional(),
  clauses: z.array(clauseSchema).min(1).optional(),
});
const detailQuerySchema = z.looseObject({
  interval: z.string(),
  conversationFilters: z.array(filterSchema).optional(),
  segmentFilters: z.array(filterSchema).optional(),
  order: z.enum(["asc", "desc"]).optional(),
  // Genesys also orders by segmentStart/segmentEnd; the emulator does not, and says so rather than guess.
  orderBy: z.enum(["conversationStart", "conversationEnd"]).optional(),
  paging: z
    .looseObject({
      pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
      pageNumber: z.number().int().min(1).optional(),
    })
    .optional(),
});

type Predicate = z.output<typeof predicateSchema>;
type Filter = z.output<typeof filterSchema>;
type Dimensions = Readonly<Record<string, string | undefined>>;

export interface ConversationDetailQuery {
  readonly start: number;
  readonly end: number;
  readonly conversationFilters: readonly Filter[];
  readonly segmentFilters: readonly Filter[];
  readonly order: "asc" | "desc";
  readonly orderBy: "conversationStart" | "conversationEnd";
  readonly pageSize: number;
  readonly pageNumber: number;
}

function checkFilters(filters: readonly Filter[], supported: readonly string[], field: string): void {
  filters.forEach((filter, index) => {
    const at = `${field}[${index}]`;
    if (filter.predicates === undefined && filter.clauses === undefined)
      throw missingField(`${at}.predicates`);
    const predicates: [Predicate, string][] = [
      ...(filter.predicates ?? []).map((p, i): [Predicate, string] => [p, `${at}.predicates[${i}]`]),
      ...(filter.clauses ?? []).flatMap((clause, c) =>
        clause.predicates.map((p, i): [Predicate, string] => [p, `${at}.clauses[${c}].predicates[${i}]`]),
      ),
    ];
    for (const [predicate, predicateAt] of predicates) {
      if (!supported.includes(predicate.dimension)) {
        throw unsupportedDimension(`${predicateAt}.dimension`, predicate.dimension, supported);
      }
      if ((predicate.operator ?? "matches") === "matches" && typeof predicate.value !== "string") {
        throw missingField(`${predicateAt}.value`);
      }
    }
  });
}

/** Validates a detail query body; every problem is a 400 naming the field. */
export function parseConversationDetailQuery(body: unknown): ConversationDetailQuery {
  const parsed = parseOrThrow(detailQuerySchema, body);
  const interval = parseIntervalField(parsed.interval, "interval");
  const conversationFilters = parsed.conversationFilters ?? [];
  const segmentFilters = parsed.segmentFilters ?? [];
  checkFilters(conversationFilters, CONVERSATION_DIMENSIONS, "conversationFilters");
  checkFilters(segmentFilters, SEGMENT_DIMENSIONS, "segmentFilters");
  return {
    ...interval,
    conversationFilters,
    segmentFilters,
    order: parsed.order ?? "asc",
    orderBy: parsed.orderBy ?? "conversationStart",
    pageSize: parsed.paging?.pageSize ?? DEFAULT_PAGE_SIZE,
    pageNumber: parsed.paging?.pageNumber ?? 1,
  };
}

function predicateHolds(predicate: Predicate, dimensions: Dimensions): boolean {
  const actual = dimensions[predicate.dimension];
  switch (predicate.operator ?? "matches") {
    case "exists":
      return actual !== undefined;
    case "notExists":
      return actual === undefined;
    default:
      return actual === predicate.value;
  }
}

function combine(type: "and" | "or", results: boolean[]): boolean {
  return type === "and" ? results.every(Boolean) : results.some(Boolean);
}

function filterHolds(filter: Filter, dimensions: Dimensions): boolean {
  const results = [
    ...(filter.predicates ?? []).map((predicate) => predicateHolds(predicate, dimensions)),
    ...(filter.clauses ?? []).map((clause) =>
      combine(
        clause.type,
        clause.predicates.map((predicate) => predicateHolds(predicate, dimensions)),
      ),
    ),
  ];
  return combine(filter.type, results);
}

function conversationDimensions(conversation: ConversationModel): Dimensions {
  return {
    conversationId: conversation.id,
    conversationEnd: conversation.endedAt === undefined ? undefined : String(conversation.endedAt),
    originatingDirection: "inbound",
  };
}

/** One entry per segment: a segment filter holds for a conversation when it holds for one of them. */
function segmentDimensions(conversation: ConversationModel): Dimensions[] {
  const mediaType = analyticsMediaType(conversation);
  return conversation.participants.flatMap((participant) =>
    participantSegments(participant).map((segment) => ({
      queueId: segment.queueId,
      userId: participant.userId,
      purpose: participant.purpose,
      mediaType,
      segmentType: segment.segmentType,
      segmentEnd: segment.segmentEnd === undefined ? undefined : String(segment.segmentEnd),
    })),
  );
}

/**
 * Genesys searches conversations that started on a UTC day the interval touches and that started, ended
 * or were active during the interval: one that started the day before the interval is not found.
 */
function inInterval(conversation: ConversationModel, query: ConversationDetailQuery): boolean {
  const firstDay = Math.floor(query.start / DAY_MS) * DAY_MS;
  return (
    conversation.arrivedAt >= firstDay &&
    conversation.arrivedAt < query.end &&
    (conversation.endedAt === undefined || conversation.endedAt >= query.start)
  );
}

function matches(conversation: ConversationModel, query: ConversationDetailQuery): boolean {
  if (!inInterval(conversation, query)) return false;
  const own = conversationDimensions(conversation);
  if (!query.conversationFilters.every((filter) => filterHolds(filter, own))) return false;
  if (query.segmentFilters.length === 0) return true;
  const segments = segmentDimensions(conversation);
  return query.segmentFilters.every((filter) => segments.some((segment) => filterHolds(filter, segment)));
}

function sortKey(conversation: ConversationModel, orderBy: ConversationDetailQuery["orderBy"]): number {
  // Conversations still going on have no end: they sort after every ended one.
  return orderBy === "conversationStart"
    ? conversation.arrivedAt
    : (conversation.endedAt ?? Number.MAX_SAFE_INTEGER);
}

/** `AnalyticsConversationQueryResponse`: `conversations` is left out of an empty page, as Genesys does. */
export function runConversationDetailQuery(
  conversations: readonly ConversationModel[],
  query: ConversationDetailQuery,
): Record<string, unknown> {
  const direction = query.order === "asc" ? 1 : -1;
  const matching = conversations
    .filter((conversation) => matches(conversation, query))
    // The id breaks ties, so that pages do not overlap when conversations start in the same millisecond.
    .sort(
      (a, b) =>
        direction * (sortKey(a, query.orderBy) - sortKey(b, query.orderBy)) ||
        direction * a.id.localeCompare(b.id),
    );
  const from = (query.pageNumber - 1) * query.pageSize;
  const page = matching.slice(from, from + query.pageSize);
  return {
    ...(page.length === 0 ? {} : { conversations: page.map(conversationDetailBody) }),
    totalHits: matching.length,
  };
}

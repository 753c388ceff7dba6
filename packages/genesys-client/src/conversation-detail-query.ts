import { parseInterval } from "./analytics-intervals.js";
import { GenesysValidationError } from "./errors.js";
import type { ConversationDetailQuery, DetailQueryFilter, DetailQueryPredicate } from "./models.js";
import { requireArray, requireId, requireIntegerInRange, requireOneOf } from "./validation.js";

/** Genesys' largest page of a conversation detail query. */
export const MAX_DETAIL_PAGE_SIZE = 100;
/** Deep pages are refused by Genesys anyway; this only bounds a typo like `pageNumber: 1e9`. */
const MAX_DETAIL_PAGE_NUMBER = 100_000;

const FILTER_TYPES = ["and", "or"] as const;
const OPERATORS = ["matches", "exists", "notExists"] as const;
const PREDICATE_TYPES = ["dimension", "property", "metric"] as const;
const ORDERS = ["asc", "desc"] as const;
const ORDER_BY = ["conversationStart", "conversationEnd", "segmentStart", "segmentEnd"] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function validatePredicate(field: string, predicate: DetailQueryPredicate): void {
  if (!isObject(predicate)) throw new GenesysValidationError(field, "must be an object");
  if (predicate.type !== undefined) requireOneOf(`${field}.type`, predicate.type, PREDICATE_TYPES);
  if (predicate.dimension === undefined && predicate.metric === undefined) {
    throw new GenesysValidationError(`${field}.dimension`, "must be set (or metric)");
  }
  if (predicate.dimension !== undefined) requireId(`${field}.dimension`, predicate.dimension);
  if (predicate.metric !== undefined) requireId(`${field}.metric`, predicate.metric);
  const operator =
    predicate.operator === undefined
      ? "matches"
      : requireOneOf(`${field}.operator`, predicate.operator, OPERATORS);
  // Genesys' default operator compares with `value`: without one the predicate means nothing.
  if (operator === "matches") requireId(`${field}.value`, predicate.value);
}

function validateFilters(field: string, filters: readonly DetailQueryFilter[] | undefined): void {
  if (filters === undefined) return;
  requireArray(field, filters).forEach((filter, index) => {
    const at = `${field}[${index}]`;
    if (!isObject(filter)) throw new GenesysValidationError(at, "must be an object");
    const typed = filter as unknown as DetailQueryFilter;
    requireOneOf(`${at}.type`, typed.type, FILTER_TYPES);
    if (typed.predicates === undefined && typed.clauses === undefined) {
      throw new GenesysValidationError(`${at}.predicates`, "must be set (or clauses)");
    }
    if (typed.predicates !== undefined) {
      requireArray(`${at}.predicates`, typed.predicates, { minLength: 1 }).forEach((predicate, p) => {
        validatePredicate(`${at}.predicates[${p}]`, predicate as DetailQueryPredicate);
      });
    }
    if (typed.clauses !== undefined) {
      requireArray(`${at}.clauses`, typed.clauses, { minLength: 1 }).forEach((clause, c) => {
        const clauseAt = `${at}.clauses[${c}]`;
        if (!isObject(clause)) throw new GenesysValidationError(clauseAt, "must be an object");
        requireOneOf(`${clauseAt}.type`, clause.type, FILTER_TYPES);
        requireArray(`${clauseAt}.predicates`, clause.predicates, { minLength: 1 }).forEach(
          (predicate, p) => {
            validatePredicate(`${clauseAt}.predicates[${p}]`, predicate as DetailQueryPredicate);
          },
        );
      });
    }
  });
}

/** Checks a `ConversationQuery` before anything is sent; `root` prefixes every field name. */
export function validateConversationDetailQuery(query: ConversationDetailQuery, root = "query"): void {
  if (!isObject(query)) throw new GenesysValidationError(root, "must be an object");
  parseInterval(query.interval, `${root}.interval`);
  validateFilters(`${root}.conversationFilters`, query.conversationFilters);
  validateFilters(`${root}.segmentFilters`, query.segmentFilters);
  if (query.order !== undefined) requireOneOf(`${root}.order`, query.order, ORDERS);
  if (query.orderBy !== undefined) requireOneOf(`${root}.orderBy`, query.orderBy, ORDER_BY);
  if (query.paging !== undefined) {
    if (!isObject(query.paging)) throw new GenesysValidationError(`${root}.paging`, "must be an object");
    requireIntegerInRange(`${root}.paging.pageSize`, query.paging.pageSize, 1, MAX_DETAIL_PAGE_SIZE);
    requireIntegerInRange(`${root}.paging.pageNumber`, query.paging.pageNumber, 1, MAX_DETAIL_PAGE_NUMBER);
  }
}

import { DECISION_OUTCOMES, type DecisionOutcome, type DecisionQuery } from "@routing/decision-log";
import { badRequest } from "@routing/http-kit";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE_PARAMETERS = ["cursor", "limit"] as const;
const SEARCH_PARAMETERS = ["queueId", "from", "to", "outcome", ...PAGE_PARAMETERS] as const;

/** A Genesys id from the path or the query; a 400 naming `field` otherwise. */
export function requireGenesysId(field: string, value: string | undefined): string {
  if (value === undefined || !UUID.test(value)) {
    throw badRequest("invalid-query", `${field} must be a Genesys id (UUID)`, { field });
  }
  return value.toLowerCase();
}

/** `?cursor=&limit=` of a page of decisions; anything else is refused by name. */
export function parsePageQuery(query: URLSearchParams): Pick<DecisionQuery, "cursor" | "limit"> {
  refuseUnknown(query, PAGE_PARAMETERS);
  return pageOf(query);
}

/**
 * `?queueId=&from=&to=&outcome=&cursor=&limit=` of `GET /api/decisions`. `from` / `to` are ISO 8601
 * times or epoch milliseconds (decision time, both inclusive). Each bad value is a 400 naming it.
 */
export function parseSearchQuery(query: URLSearchParams): DecisionQuery {
  refuseUnknown(query, SEARCH_PARAMETERS);
  const queueId = single(query, "queueId");
  const outcome = single(query, "outcome");
  if (outcome !== undefined && !(DECISION_OUTCOMES as readonly string[]).includes(outcome)) {
    throw badRequest("invalid-query", `outcome must be one of ${DECISION_OUTCOMES.join(", ")}`, {
      field: "outcome",
    });
  }
  const fromMs = timeOf(query, "from");
  const toMs = timeOf(query, "to");
  if (fromMs !== undefined && toMs !== undefined && fromMs > toMs) {
    throw badRequest("invalid-query", "to must not be before from", { field: "to" });
  }
  return {
    ...(queueId === undefined ? {} : { queueId: requireGenesysId("queueId", queueId) }),
    ...(outcome === undefined ? {} : { outcome: outcome as DecisionOutcome }),
    ...(fromMs === undefined ? {} : { fromMs }),
    ...(toMs === undefined ? {} : { toMs }),
    ...pageOf(query),
  };
}

function refuseUnknown(query: URLSearchParams, known: readonly string[]): void {
  for (const name of query.keys()) {
    if (!known.includes(name)) {
      throw badRequest("invalid-query", `unknown query parameter (expected ${known.join(", ")})`, {
        field: name,
      });
    }
  }
}

/** One value per parameter: `?outcome=a&outcome=b` is refused rather than half-read. */
function single(query: URLSearchParams, field: string): string | undefined {
  const values = query.getAll(field);
  if (values.length > 1) throw badRequest("invalid-query", `${field} given more than once`, { field });
  return values[0] === "" ? undefined : values[0];
}

function pageOf(query: URLSearchParams): Pick<DecisionQuery, "cursor" | "limit"> {
  const cursor = single(query, "cursor");
  const limit = single(query, "limit");
  if (limit !== undefined && !/^\d{1,6}$/.test(limit)) {
    throw badRequest("invalid-query", "limit must be a whole number", { field: "limit" });
  }
  return {
    ...(cursor === undefined ? {} : { cursor }),
    ...(limit === undefined ? {} : { limit: Number(limit) }),
  };
}

function timeOf(query: URLSearchParams, field: string): number | undefined {
  const value = single(query, field);
  if (value === undefined) return undefined;
  const ms = /^\d{1,15}$/.test(value)
    ? Number(value)
    : /^\d{4}-\d{2}-\d{2}T/.test(value)
      ? Date.parse(value)
      : Number.NaN;
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw badRequest("invalid-query", `${field} must be an ISO 8601 time or epoch milliseconds`, { field });
  }
  return ms;
}

import { mergeAggregateResponses, parseInterval, splitInterval } from "../analytics-intervals.js";
import type { ApiTransport } from "../api-transport.js";
import { MAX_DETAIL_PAGE_SIZE, validateConversationDetailQuery } from "../conversation-detail-query.js";
import { GenesysValidationError } from "../errors.js";
import type {
  AggregateQuery,
  AggregateQueryResponse,
  AnalyticsConversation,
  ConversationDetailQuery,
  ConversationDetailQueryResponse,
} from "../models.js";
import { requireIds, requireIntegerInRange } from "../validation.js";
import type { CallOptions, PageOptions } from "./call-options.js";

const DETAILS_PATH = "/api/v2/analytics/conversations/details/query";
/** Passes of a live listing: the first, a confirming one, and one more only when that one still found some. */
const MAX_LIVE_PASSES = 3;

export interface DetailListOptions extends PageOptions {
  /**
   * The query matches a set that shrinks while it is read (conversations that have not ended). Genesys
   * pages by number: a conversation that ends before a later page is read moves every later match one
   * place forward, and the one that moves onto the page already read is never returned. A live listing of
   * more than one page is therefore read again from the first page (each conversation still yielded once)
   * until a pass adds nothing, at most 3 passes. A single page is one read and is never repeated.
   * @defaultValue false (a finished interval does not change: one pass)
   */
  readonly live?: boolean;
}

export interface AnalyticsApi {
  /**
   * `POST /api/v2/analytics/conversations/aggregates/query`, e.g. metrics `tHandle`/`nConnected` grouped by
   * `userId`. Intervals longer than the chunk size are queried chunk by chunk and merged per group.
   */
  queryConversationAggregates(query: AggregateQuery, options?: CallOptions): Promise<AggregateQueryResponse>;
  /** `POST /api/v2/analytics/surveys/aggregates/query`, e.g. `oSurveyTotalScore` grouped by `userId`. */
  querySurveyAggregates(query: AggregateQuery, options?: CallOptions): Promise<AggregateQueryResponse>;
  /**
   * `POST /api/v2/analytics/conversations/details/query`: one page of conversation details (the page
   * `query.paging` asks for; Genesys' default is the first 25). The interval is sent as given, not split.
   */
  queryConversationDetails(
    query: ConversationDetailQuery,
    options?: CallOptions,
  ): Promise<ConversationDetailQueryResponse>;
  /**
   * Every conversation the detail query matches, page after page (`pageSize` 1–100, default 100), each
   * conversation id once. A pass ends on a short or empty page, or once `totalHits` are seen; `live`
   * repeats it while the set changes under it.
   */
  listConversationDetails(
    query: Omit<ConversationDetailQuery, "paging">,
    options?: DetailListOptions,
  ): AsyncGenerator<AnalyticsConversation, void, undefined>;
}

function validateQuery(query: AggregateQuery): void {
  if (query === null || typeof query !== "object")
    throw new GenesysValidationError("query", "must be an object");
  parseInterval(query.interval, "query.interval");
  requireIds("query.metrics", query.metrics, { minLength: 1 });
  if (query.groupBy !== undefined) requireIds("query.groupBy", query.groupBy);
}

export function createAnalyticsApi(
  transport: ApiTransport,
  settings: { readonly maxIntervalDays: number },
): AnalyticsApi {
  const query = async (
    pathTemplate: string,
    aggregateQuery: AggregateQuery,
    options: CallOptions,
  ): Promise<AggregateQueryResponse> => {
    validateQuery(aggregateQuery);
    const chunks = splitInterval(aggregateQuery.interval, settings.maxIntervalDays);
    const responses: AggregateQueryResponse[] = [];
    // One chunk at a time: the rate budget is shared, and a failure stops the rest.
    for (const interval of chunks) {
      const data = await transport.request({
        method: "POST",
        pathTemplate,
        body: { ...aggregateQuery, interval },
        // A read-only query despite the POST.
        idempotent: true,
        signal: options.signal,
        observer: options.observer,
        lane: options.lane,
      });
      responses.push((data ?? {}) as AggregateQueryResponse);
    }
    const [only] = responses;
    if (responses.length === 1 && only !== undefined) return only;
    return mergeAggregateResponses(
      responses,
      aggregateQuery.interval,
      aggregateQuery.granularity !== undefined,
    );
  };

  const queryDetails = async (
    detailQuery: ConversationDetailQuery,
    options: CallOptions,
  ): Promise<ConversationDetailQueryResponse> => {
    const data = await transport.request({
      method: "POST",
      pathTemplate: DETAILS_PATH,
      body: detailQuery,
      // A read-only query despite the POST.
      idempotent: true,
      signal: options.signal,
      observer: options.observer,
      lane: options.lane,
    });
    return data !== null && typeof data === "object" ? (data as ConversationDetailQueryResponse) : {};
  };

  async function* listDetails(
    detailQuery: Omit<ConversationDetailQuery, "paging">,
    options: DetailListOptions,
  ): AsyncGenerator<AnalyticsConversation, void, undefined> {
    const pageSize = options.pageSize ?? MAX_DETAIL_PAGE_SIZE;
    // A conversation that ends between two pages shifts the later ones: a repeat is dropped here.
    const seen = new Set<string>();
    for (let pass = 1; ; pass++) {
      let pages = 0;
      let added = 0;
      let returned = 0;
      for (let pageNumber = 1; ; pageNumber++) {
        const page = await queryDetails({ ...detailQuery, paging: { pageSize, pageNumber } }, options);
        pages += 1;
        const conversations = page.conversations ?? [];
        returned += conversations.length;
        for (const conversation of conversations) {
          if (seen.has(conversation.conversationId)) continue;
          seen.add(conversation.conversationId);
          added += 1;
          yield conversation;
        }
        const allSeen = typeof page.totalHits === "number" && returned >= page.totalHits;
        if (conversations.length < pageSize || allSeen) break;
      }
      const settled = pages === 1 || (pass > 1 && added === 0);
      if (options.live !== true || settled || pass === MAX_LIVE_PASSES) return;
    }
  }

  return {
    async queryConversationDetails(detailQuery, options = {}) {
      validateConversationDetailQuery(detailQuery);
      return queryDetails(detailQuery, options);
    },
    // Validated when called, not at the first `next()` (a generator body runs lazily), like every listing.
    listConversationDetails(detailQuery, options = {}) {
      if (detailQuery !== null && typeof detailQuery === "object" && "paging" in detailQuery) {
        throw new GenesysValidationError("query.paging", "is set by the iterator: use options.pageSize");
      }
      validateConversationDetailQuery(detailQuery);
      if (options.pageSize !== undefined) {
        requireIntegerInRange("pageSize", options.pageSize, 1, MAX_DETAIL_PAGE_SIZE);
      }
      return listDetails(detailQuery, options);
    },
    queryConversationAggregates(aggregateQuery, options = {}) {
      return query("/api/v2/analytics/conversations/aggregates/query", aggregateQuery, options);
    },
    querySurveyAggregates(aggregateQuery, options = {}) {
      return query("/api/v2/analytics/surveys/aggregates/query", aggregateQuery, options);
    },
  };
}

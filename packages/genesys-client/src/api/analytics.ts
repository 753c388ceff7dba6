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
   * conversation id once. Ends on a short or empty page, or once `totalHits` are seen.
   */
  listConversationDetails(
    query: Omit<ConversationDetailQuery, "paging">,
    options?: PageOptions,
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
    options: PageOptions,
  ): AsyncGenerator<AnalyticsConversation, void, undefined> {
    const pageSize = options.pageSize ?? MAX_DETAIL_PAGE_SIZE;
    // A conversation that ends between two pages shifts the later ones: a repeat is dropped here.
    const seen = new Set<string>();
    let returned = 0;
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await queryDetails({ ...detailQuery, paging: { pageSize, pageNumber } }, options);
      const conversations = page.conversations ?? [];
      returned += conversations.length;
      for (const conversation of conversations) {
        if (seen.has(conversation.conversationId)) continue;
        seen.add(conversation.conversationId);
        yield conversation;
      }
      const allSeen = typeof page.totalHits === "number" && returned >= page.totalHits;
      if (conversations.length < pageSize || allSeen) return;
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

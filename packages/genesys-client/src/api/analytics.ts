import { mergeAggregateResponses, parseInterval, splitInterval } from "../analytics-intervals.js";
import type { ApiTransport } from "../api-transport.js";
import { GenesysValidationError } from "../errors.js";
import type { AggregateQuery, AggregateQueryResponse } from "../models.js";
import { requireIds } from "../validation.js";
import type { CallOptions } from "./call-options.js";

export interface AnalyticsApi {
  /**
   * `POST /api/v2/analytics/conversations/aggregates/query`, e.g. metrics `tHandle`/`nConnected` grouped by
   * `userId`. Intervals longer than the chunk size are queried chunk by chunk and merged per group.
   */
  queryConversationAggregates(query: AggregateQuery, options?: CallOptions): Promise<AggregateQueryResponse>;
  /** `POST /api/v2/analytics/surveys/aggregates/query`, e.g. `oSurveyTotalScore` grouped by `userId`. */
  querySurveyAggregates(query: AggregateQuery, options?: CallOptions): Promise<AggregateQueryResponse>;
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

  return {
    queryConversationAggregates(aggregateQuery, options = {}) {
      return query("/api/v2/analytics/conversations/aggregates/query", aggregateQuery, options);
    },
    querySurveyAggregates(aggregateQuery, options = {}) {
      return query("/api/v2/analytics/surveys/aggregates/query", aggregateQuery, options);
    },
  };
}

import { describe, expect, it } from "vitest";
import { type ConversationDetailQuery, createGenesysClient, GenesysValidationError } from "../src/index.js";

// Port 9 (discard) is never served here: if validation let a request through, the call would fail with a
// network error instead of the GenesysValidationError the tests expect.
const client = createGenesysClient({
  clientId: "id",
  clientSecret: "secret",
  apiBaseUrl: "http://127.0.0.1:9",
  loginBaseUrl: "http://127.0.0.1:9",
  maxRetries: 0,
});

async function validationField(run: () => Promise<unknown> | unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof GenesysValidationError) return error.field;
    throw error;
  }
  throw new Error("expected a GenesysValidationError");
}

const INTERVAL = "2025-01-06T00:00:00.000Z/2025-01-07T00:00:00.000Z";
const QUEUE_FILTER = { type: "and", predicates: [{ dimension: "queueId", value: "q1" }] } as const;

/** Builds a deliberately bad query: the cast is the point, callers without types send such bodies. */
const bad = (query: Record<string, unknown>) => ({ interval: INTERVAL, ...query }) as ConversationDetailQuery;

describe("conversation detail query validation", () => {
  it.each([
    [{ interval: "yesterday" }, "query.interval"],
    [{ interval: "2025-01-07T00:00:00Z/2025-01-06T00:00:00Z" }, "query.interval"],
    [{ order: "up" }, "query.order"],
    [{ orderBy: "queueId" }, "query.orderBy"],
    [{ paging: { pageSize: 101, pageNumber: 1 } }, "query.paging.pageSize"],
    [{ paging: { pageSize: 0, pageNumber: 1 } }, "query.paging.pageSize"],
    [{ paging: { pageSize: 25, pageNumber: 0 } }, "query.paging.pageNumber"],
    [{ paging: { pageSize: 25, pageNumber: 1.5 } }, "query.paging.pageNumber"],
    [{ segmentFilters: QUEUE_FILTER }, "query.segmentFilters"],
    [
      { segmentFilters: [{ type: "xor", predicates: QUEUE_FILTER.predicates }] },
      "query.segmentFilters[0].type",
    ],
    [{ segmentFilters: [{ type: "and" }] }, "query.segmentFilters[0].predicates"],
    [{ segmentFilters: [{ type: "and", predicates: [] }] }, "query.segmentFilters[0].predicates"],
    [
      { segmentFilters: [{ type: "and", predicates: [{ dimension: "queueId" }] }] },
      "query.segmentFilters[0].predicates[0].value",
    ],
    [
      { segmentFilters: [{ type: "and", predicates: [{ value: "q1" }] }] },
      "query.segmentFilters[0].predicates[0].dimension",
    ],
    [
      {
        conversationFilters: [
          { type: "and", predicates: [{ dimension: "conversationEnd", operator: "missing" }] },
        ],
      },
      "query.conversationFilters[0].predicates[0].operator",
    ],
    [
      { conversationFilters: [{ type: "or", clauses: [{ type: "and", predicates: [{ dimension: "" }] }] }] },
      "query.conversationFilters[0].clauses[0].predicates[0].dimension",
    ],
  ])("refuses %j before sending (field %s)", async (query, field) => {
    expect(await validationField(() => client.analytics.queryConversationDetails(bad(query)))).toBe(field);
  });

  it("refuses a query that is not an object", async () => {
    expect(
      await validationField(() =>
        client.analytics.queryConversationDetails(null as unknown as ConversationDetailQuery),
      ),
    ).toBe("query");
  });

  it("refuses bad input to the paged listing when called, before any request", async () => {
    expect(
      await validationField(() =>
        client.analytics.listConversationDetails({ interval: INTERVAL }, { pageSize: 101 }),
      ),
    ).toBe("pageSize");
    expect(
      await validationField(() =>
        client.analytics.listConversationDetails(bad({ paging: { pageSize: 10, pageNumber: 1 } })),
      ),
    ).toBe("query.paging");
    expect(
      await validationField(() => client.analytics.listConversationDetails(bad({ interval: "now" }))),
    ).toBe("query.interval");
  });

  it("lets a valid query through to the network (which fails here, with no validation error)", async () => {
    const error = await client.analytics
      .queryConversationDetails({
        interval: INTERVAL,
        order: "asc",
        orderBy: "conversationStart",
        paging: { pageSize: 100, pageNumber: 1 },
        segmentFilters: [QUEUE_FILTER],
        conversationFilters: [
          { type: "and", predicates: [{ dimension: "conversationEnd", operator: "notExists" }] },
        ],
      })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeDefined();
    expect(error).not.toBeInstanceOf(GenesysValidationError);
  });
});

import { describe, expect, it } from "vitest";
import { buildRoutingConversationBody } from "../src/api/routing.js";
import { createGenesysClient, GenesysValidationError } from "../src/index.js";

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

describe("routing conversation patch", () => {
  const agents = (count: number, score = 50) =>
    Array.from({ length: count }, (_, i) => ({ id: `agent-${i}`, score }));

  it("passes a valid patch through unchanged", () => {
    const patch = {
      priority: -25_000_000,
      skillIds: ["s1"],
      languageId: "",
      requestScoredAgents: agents(20, 100),
    };
    expect(buildRoutingConversationBody(patch, 20)).toEqual(patch);
    expect(buildRoutingConversationBody({ skillIds: [] }, 20)).toEqual({ skillIds: [] });
  });

  it("accepts 100 agents only when configured to", () => {
    expect(
      buildRoutingConversationBody({ requestScoredAgents: agents(100) }, 100).requestScoredAgents,
    ).toHaveLength(100);
    expect(() => buildRoutingConversationBody({ requestScoredAgents: agents(21) }, 20)).toThrow(
      /requestScoredAgents must have at most 20/,
    );
  });

  it.each([
    [{ priority: 25_000_001 }, "priority"],
    [{ priority: 1.5 }, "priority"],
    [{ requestScoredAgents: [{ id: "a", score: 101 }] }, "requestScoredAgents[0].score"],
    [{ requestScoredAgents: [{ id: "a", score: -1 }] }, "requestScoredAgents[0].score"],
    [{ requestScoredAgents: [{ id: "a", score: 2.5 }] }, "requestScoredAgents[0].score"],
    [{ requestScoredAgents: [{ id: "", score: 2 }] }, "requestScoredAgents[0].id"],
    [
      {
        requestScoredAgents: [
          { id: "a", score: 1 },
          { id: "a", score: 2 },
        ],
      },
      "requestScoredAgents",
    ],
    [{ skillIds: ["ok", ""] }, "skillIds[1]"],
    [{}, "patch"],
  ])("rejects %o naming %s", async (patch, field) => {
    expect(await validationField(() => buildRoutingConversationBody(patch, 20))).toBe(field);
    expect(await validationField(() => client.routing.patchRoutingConversation("c-1", patch))).toBe(field);
  });
});

describe("argument validation before any request", () => {
  it.each<[string, () => Promise<unknown> | unknown]>([
    ["conversationId", () => client.routing.patchRoutingConversation("", { priority: 1 })],
    ["queueId", () => client.routing.listQueueMembers(" ")],
    ["pageSize", () => client.routing.listQueueMembers("q", { pageSize: 101 })],
    ["expand[0]", () => client.routing.listQueueMembers("q", { expand: ["everything" as "skills"] })],
    ["pageSize", () => client.routing.listQueues({ pageSize: 0 })],
    ["userId", () => client.users.getUserRoutingSkills("")],
    ["skillId", () => client.users.putUserRoutingSkill("u", "", 3)],
    ["proficiency", () => client.users.putUserRoutingSkill("u", "s", 5.5)],
    ["skills", () => client.users.patchUserRoutingSkillsBulk("u", [])],
    [
      "skills[0].proficiency",
      () => client.users.patchUserRoutingSkillsBulk("u", [{ id: "s", proficiency: -1 }]),
    ],
    ["userId", () => client.conversations.assignConversation("c", "")],
    ["request", () => client.conversations.replaceParticipantWithQueue("c", "p", {})],
    ["request.queueId", () => client.conversations.replaceParticipantWithQueue("c", "p", { queueId: " " })],
    [
      "request.transferType",
      () =>
        client.conversations.replaceParticipantWithQueue("c", "p", {
          queueId: "q",
          transferType: "Blind" as "Attended",
        }),
    ],
    [
      "request.keepInternalMessageAlive",
      () =>
        client.conversations.replaceParticipantWithQueue("c", "p", {
          queueId: "q",
          keepInternalMessageAlive: "yes" as unknown as boolean,
        }),
    ],
    ["conversationId", () => client.conversations.getConversation("")],
    [
      "state",
      () => client.conversations.patchConversationParticipant("c", "p", { state: "held" as "connected" }),
    ],
    ["patch", () => client.conversations.patchConversationParticipant("c", "p", {})],
    ["topics[0]", () => client.notifications.putSubscriptions("ch", [""])],
    ["topics", () => client.notifications.putSubscriptions("ch", ["a", "a"])],
    ["channelId", () => client.notifications.putSubscriptions("", ["a"])],
    [
      "query.interval",
      () => client.analytics.queryConversationAggregates({ interval: "yesterday", metrics: ["tHandle"] }),
    ],
    [
      "query.metrics",
      () =>
        client.analytics.querySurveyAggregates({
          interval: "2024-01-01T00:00:00Z/2024-01-02T00:00:00Z",
          metrics: [],
        }),
    ],
  ])("names %s", async (field, run) => {
    expect(await validationField(run)).toBe(field);
  });

  it("rejects more than 1,000 topics for one channel", async () => {
    const topics = Array.from({ length: 1_001 }, (_, i) => `v2.routing.queues.q${i}.conversations`);
    expect(await validationField(() => client.notifications.putSubscriptions("ch", topics))).toBe("topics");
  });
});

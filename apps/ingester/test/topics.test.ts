import { describe, expect, it } from "vitest";
import { queueConversationsTopic, queueIdOfTopic, topicKind } from "../src/topics.js";
import { IDS } from "./support/conversation-bodies.js";

describe("topics", () => {
  it("builds and reads the queue conversations topic", () => {
    const topic = queueConversationsTopic(IDS.queue);
    expect(topic).toBe(`v2.routing.queues.${IDS.queue}.conversations`);
    expect(queueIdOfTopic(topic)).toBe(IDS.queue);
    expect(queueIdOfTopic(`v2.users.${IDS.agentUser}.routingStatus`)).toBeUndefined();
    expect(queueIdOfTopic(`v2.routing.queues.${IDS.queue}.users`)).toBeUndefined();
  });

  it("replaces ids by {id}, so the kind is a metric label of bounded cardinality", () => {
    expect(topicKind(queueConversationsTopic(IDS.queue))).toBe("v2.routing.queues.{id}.conversations");
    expect(topicKind(`v2.users.${IDS.agentUser}.routingStatus`)).toBe("v2.users.{id}.routingStatus");
    expect(topicKind(`v2.detail.events.conversation.${IDS.conversation}.acd.start`)).toBe(
      "v2.detail.events.conversation.{id}.acd.start",
    );
    expect(topicKind("channel.metadata")).toBe("channel.metadata");
  });
});

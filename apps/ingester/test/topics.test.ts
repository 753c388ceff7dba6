import { describe, expect, it } from "vitest";
import { queueConversationsTopic, queueIdOfTopic } from "../src/topics.js";
import { IDS } from "./support/conversation-bodies.js";

describe("topics", () => {
  it("builds and reads the queue conversations topic", () => {
    const topic = queueConversationsTopic(IDS.queue);
    expect(topic).toBe(`v2.routing.queues.${IDS.queue}.conversations`);
    expect(queueIdOfTopic(topic)).toBe(IDS.queue);
    expect(queueIdOfTopic(`v2.users.${IDS.agentUser}.routingStatus`)).toBeUndefined();
    expect(queueIdOfTopic(`v2.routing.queues.${IDS.queue}.users`)).toBeUndefined();
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TOPIC_FAMILIES, topicFamily } from "../src/topic-family.js";
import { queueConversationsTopic } from "../src/topics.js";
import { IDS } from "./support/conversation-bodies.js";

describe("topicFamily", () => {
  it("names each documented topic by its family, ids replaced by {id}", () => {
    expect(topicFamily(queueConversationsTopic(IDS.queue))).toBe("v2.routing.queues.{id}.conversations");
    expect(topicFamily(`v2.routing.queues.${IDS.queue}.conversations.calls`)).toBe(
      "v2.routing.queues.{id}.conversations.{media}",
    );
    expect(topicFamily(`v2.users.${IDS.agentUser}.routingStatus`)).toBe("v2.users.{id}.routingStatus");
    expect(topicFamily(`v2.detail.events.conversation.${IDS.conversation}.acd.start`)).toBe(
      "v2.detail.events.conversation.{id}.acd.start",
    );
    expect(topicFamily("channel.metadata")).toBe("channel.metadata");
  });

  it("answers from a closed list whatever a sender puts in topicName: 20,000 made-up names are one label", () => {
    const labels = new Set<string>();
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.anything()), (topicName) => {
        labels.add(topicFamily(topicName));
      }),
      { numRuns: 20_000 },
    );
    for (let index = 0; index < 20_000; index++) labels.add(topicFamily(`v2.made.up${index}.topic`));
    for (const label of labels) expect(TOPIC_FAMILIES).toContain(label);
    expect(topicFamily("v2.routing.queues.x.conversations.calls.extra")).toBe("other");
    expect(topicFamily(`v2.routing.queues.${"a".repeat(400)}.conversations`)).toBe("other");
  });
});

import { describe, expect, it } from "vitest";
import { planTopics, TopicCapacityError, type TopicDemand } from "../src/roster/topic-plan.js";

const demand = (overrides: Partial<TopicDemand>): TopicDemand => ({
  queues: 3,
  queueTopics: 6,
  memberTopics: 30,
  memberSource: "roster",
  replicas: 1,
  ...overrides,
});

describe("planTopics", () => {
  it("gives one replica half the client's channels: one for queues, nine for members", () => {
    expect(planTopics(demand({}))).toEqual({
      channelsPerReplica: 10,
      queueChannels: 1,
      memberChannels: 9,
      memberCapacity: 9_000,
    });
  });

  it("shares the channels between replicas, leaving each room to hand all its channels over", () => {
    expect(planTopics(demand({ replicas: 2, memberTopics: 4_000 }))).toMatchObject({
      channelsPerReplica: 5,
      memberChannels: 4,
      memberCapacity: 4_000,
    });
    expect(planTopics(demand({ replicas: 10, memberTopics: 0 }))).toMatchObject({ channelsPerReplica: 1 });
  });

  it.each([
    ["members", demand({ memberTopics: 9_001 }), /9,001 activity topics: 9,007 topics in 11 channel\(s\)/],
    [
      "replicas",
      demand({ replicas: 3, memberTopics: 3_500 }),
      /INGESTER_REPLICAS=3, each replica may use 3 channel/,
    ],
    [
      "queues",
      demand({ replicas: 10, queues: 600, queueTopics: 1_200, memberTopics: 0 }),
      /600 queue\(s\) need 1,200 queue topics/,
    ],
  ])("refuses a plan over capacity (%s) with the numbers", (_case, input, message) => {
    let error: unknown;
    try {
      planTopics(input);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TopicCapacityError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/20 per OAuth client/);
  });
});

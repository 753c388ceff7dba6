import type { AnalyticsConversation, AnalyticsParticipant } from "@routing/genesys-client";
import { describe, expect, it } from "vitest";
import { missedDecisions } from "../src/recovery/missed-decisions.js";

const QUEUE = "6f0c2a8e-4a63-4d0f-9d7e-0f1b2c3d4e5f";
const CONVERSATION = "0b6f5d0e-7c1a-4b9e-8e2f-1a2b3c4d5e6f";
const SKILL = "1c7e3f9a-2b4d-4e6f-8a0b-2c4e6a8b0d1f";
const AGENT = "2d8f4a0b-3c5e-4f7a-9b1c-3d5f7a9c1e2a";
const T0 = "2025-01-06T08:00:00.000Z";
const T1 = "2025-01-06T08:00:08.000Z";

const acd = (open: boolean, mediaType = "voice"): AnalyticsParticipant => ({
  participantId: "acd",
  purpose: "acd",
  sessions: [
    {
      mediaType,
      segments: [
        {
          segmentType: "interact",
          queueId: QUEUE,
          segmentStart: T0,
          ...(open ? {} : { segmentEnd: T1 }),
          requestedRoutingSkillIds: [SKILL],
        },
      ],
    },
  ],
});
const agent = (
  participantId: string,
  segments: { segmentType: string; segmentEnd?: string }[],
): AnalyticsParticipant => ({
  participantId,
  purpose: "agent",
  userId: AGENT,
  sessions: [
    { mediaType: "voice", segments: segments.map((s) => ({ ...s, queueId: QUEUE, segmentStart: T0 })) },
  ],
});
const conversation = (...participants: AnalyticsParticipant[]): AnalyticsConversation => ({
  conversationId: CONVERSATION,
  conversationStart: T0,
  participants,
});

describe("missed decisions read from analytics details", () => {
  it("a customer waiting in the queue is scored; analytics' voice is the catalog's call", () => {
    const { decisions } = missedDecisions(conversation(acd(true)), QUEUE, 5);
    expect(decisions).toEqual([
      {
        name: "conversation.score",
        input: {
          conversationId: CONVERSATION,
          queueId: QUEUE,
          mediaType: "call",
          skillIds: [SKILL],
          round: 0,
          observedAtMs: 5,
        },
      },
    ]);
  });

  it("each declined offer in the queue is a round, as the ingester counts them", () => {
    const declined = agent("a1", [{ segmentType: "alert", segmentEnd: T1 }]);
    const timedOut = agent("a2", [{ segmentType: "alert", segmentEnd: T1 }]);
    const { decisions } = missedDecisions(conversation(acd(true), declined, timedOut), QUEUE, 5);
    expect(decisions[0]).toMatchObject({ name: "conversation.score", input: { round: 2 } });
  });

  it("an alerting agent is an assignment check, and the customer is not scored meanwhile", () => {
    const { decisions } = missedDecisions(
      conversation(acd(true), agent("a1", [{ segmentType: "alert" }])),
      QUEUE,
      5,
    );
    expect(decisions).toEqual([
      {
        name: "assignment.check",
        input: {
          conversationId: CONVERSATION,
          queueId: QUEUE,
          userId: AGENT,
          participantId: "a1",
          skillIds: [SKILL],
          observedAtMs: 5,
        },
      },
    ]);
  });

  it.each([
    [
      "agent-connected",
      conversation(
        acd(false),
        agent("a1", [{ segmentType: "alert", segmentEnd: T1 }, { segmentType: "interact" }]),
      ),
    ],
    ["not-in-queue", conversation(acd(false))],
    ["unsupported-media", conversation(acd(true, "cobrowse"))],
  ])("nothing to decide: %s", (reason, detail) => {
    expect(missedDecisions(detail, QUEUE, 5)).toEqual({ decisions: [], reason });
  });

  it("another queue's waiting customer is not this queue's decision", () => {
    expect(missedDecisions(conversation(acd(true)), SKILL, 5)).toEqual({
      decisions: [],
      reason: "not-in-queue",
    });
  });
});

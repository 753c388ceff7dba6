import { describe, expect, it } from "vitest";
import { decisionsFor, readAnalyticsConversation } from "../src/index.js";

const QUEUE = "6f0c2a8e-4a63-4d0f-9d7e-0f1b2c3d4e5f";
const OTHER_QUEUE = "7a1d3b9f-5b74-4e1a-8e8f-1a2c3d4e5f60";
const CONVERSATION = "0b6f5d0e-7c1a-4b9e-8e2f-1a2b3c4d5e6f";
const SKILL = "1c7e3f9a-2b4d-4e6f-8a0b-2c4e6a8b0d1f";
const AGENT = "2d8f4a0b-3c5e-4f7a-9b1c-3d5f7a9c1e2a";
const PARTICIPANT_1 = "3e9a5b1c-4d6f-4a8b-8c2d-4e6a8b0c2d3b";
const PARTICIPANT_2 = "4fab6c2d-5e7a-4b9c-9d3e-5f7b9c1d3e4c";
const T0 = "2025-01-06T08:00:00.000Z";
const T1 = "2025-01-06T08:00:08.000Z";

type Segment = Record<string, unknown>;

const acd = (segments: Segment[], mediaType = "voice", session: Record<string, unknown> = {}) => ({
  participantId: "acd",
  purpose: "acd",
  sessions: [
    {
      mediaType,
      ...session,
      segments: segments.map((segment) => ({
        queueId: QUEUE,
        segmentStart: T0,
        requestedRoutingSkillIds: [SKILL],
        ...segment,
      })),
    },
  ],
});
const waitingAcd = (mediaType = "voice") => acd([{ segmentType: "interact" }], mediaType);
const agent = (participantId: string, segments: Segment[]) => ({
  participantId,
  purpose: "agent",
  userId: AGENT,
  sessions: [
    { mediaType: "voice", segments: segments.map((s) => ({ queueId: QUEUE, segmentStart: T0, ...s })) },
  ],
});
const conversation = (...participants: unknown[]) => ({
  conversationId: CONVERSATION,
  conversationStart: T0,
  participants,
});
const decide = (detail: unknown, queueId = QUEUE) => {
  const snapshot = readAnalyticsConversation(detail, queueId, 5);
  if (snapshot === undefined) throw new Error("not a conversation");
  return decisionsFor(snapshot);
};

describe("readAnalyticsConversation + decisionsFor (gap recovery's reading)", () => {
  it("a customer in an open acd segment is scored; analytics' voice is the catalog's call", () => {
    const { jobs } = decide(conversation(waitingAcd()));
    expect(jobs.map((job) => [job.name, job.data])).toEqual([
      [
        "conversation.score",
        {
          conversationId: CONVERSATION,
          queueId: QUEUE,
          mediaType: "call",
          skillIds: [SKILL],
          round: 0,
          observedAtMs: 5,
          // The acd leg's first interact segment: when the customer entered the queue.
          queuedAtMs: Date.parse(T0),
        },
      ],
    ]);
  });

  it("each offer of the queue that ended unanswered is a round, as the ingester counts them", () => {
    const declined = agent(PARTICIPANT_1, [{ segmentType: "alert", segmentEnd: T1 }]);
    const timedOut = agent(PARTICIPANT_2, [{ segmentType: "alert", segmentEnd: T1 }]);
    const [job] = decide(conversation(waitingAcd(), declined, timedOut)).jobs;
    expect(job?.data).toMatchObject({ round: 2 });
    expect(job?.opts.jobId).toBe(`score_${CONVERSATION}_${QUEUE}_2`);
  });

  it("an agent in an open alert segment is checked against the acd segment's requested skills", () => {
    const { jobs } = decide(conversation(waitingAcd(), agent(PARTICIPANT_1, [{ segmentType: "alert" }])));
    expect(jobs.map((job) => [job.name, job.data])).toEqual([
      [
        "assignment.check",
        {
          conversationId: CONVERSATION,
          queueId: QUEUE,
          userId: AGENT,
          participantId: PARTICIPANT_1,
          skillIds: [SKILL],
          round: 0,
          observedAtMs: 5,
          // The acd leg's first interact segment: when the customer entered the queue.
          queuedAtMs: Date.parse(T0),
        },
      ],
    ]);
  });

  it("reads the session's skillExpressionId into the jobs", () => {
    const { jobs } = decide(
      conversation(acd([{ segmentType: "interact" }], "voice", { skillExpressionId: "e-1" })),
    );
    expect(jobs[0]?.data).toMatchObject({ skillIds: [SKILL], skillExpressionId: "e-1" });
  });

  it.each([
    [
      "agent-connected",
      conversation(
        acd([{ segmentType: "interact", segmentEnd: T1 }]),
        agent(PARTICIPANT_1, [{ segmentType: "alert", segmentEnd: T1 }, { segmentType: "interact" }]),
      ),
    ],
    ["conversation-ended", conversation(acd([{ segmentType: "interact", segmentEnd: T1 }]))],
    ["unsupported-media", conversation(waitingAcd("cobrowse"))],
    // A scheduled callback is booked in the queue, but nobody waits for an agent yet.
    ["not-waiting", conversation(acd([{ segmentType: "scheduled" }], "callback"))],
    ["not-waiting", conversation(acd([{ segmentType: "ivr" }]))],
  ])("nothing to decide: %s", (reason, detail) => {
    expect(decide(detail)).toEqual({ jobs: [], rejected: [], noJobReason: reason });
  });

  it("another queue's waiting customer is not this queue's decision", () => {
    expect(decide(conversation(waitingAcd()), OTHER_QUEUE).noJobReason).toBe("other-queue");
  });

  it("an agent in after-call work has left: the customer back in the queue is scored again", () => {
    const wrapping = agent(PARTICIPANT_1, [
      { segmentType: "alert", segmentEnd: T1 },
      { segmentType: "interact", segmentEnd: T1 },
      { segmentType: "wrapup" },
    ]);
    const [job] = decide(conversation(waitingAcd(), wrapping)).jobs;
    // It was answered, so it is not an unanswered offer: still round 0.
    expect(job?.data).toMatchObject({ round: 0 });
  });

  it.each([
    ["null", null],
    ["a list", []],
    ["no conversationId", { participants: [] }],
  ])("is not a conversation: %s", (_what, detail) => {
    expect(readAnalyticsConversation(detail, QUEUE, 5)).toBeUndefined();
  });

  it("never throws when any field of a realistic detail is replaced by a value of another type", () => {
    const replacements: unknown[] = [null, undefined, 0, "", "x", true, [], {}, [null]];
    const details = [
      conversation(waitingAcd(), agent(PARTICIPANT_1, [{ segmentType: "alert" }])),
      conversation(waitingAcd(), agent(PARTICIPANT_1, [{ segmentType: "alert", segmentEnd: T1 }])),
    ];
    let variants = 0;
    const visit = (root: unknown, node: unknown): void => {
      if (typeof node !== "object" || node === null) return;
      for (const key of Object.keys(node)) {
        const holder = node as Record<string, unknown>;
        const original = holder[key];
        for (const replacement of replacements) {
          holder[key] = replacement;
          variants++;
          const snapshot = readAnalyticsConversation(root, QUEUE, 5);
          if (snapshot !== undefined) {
            const result = decisionsFor(snapshot);
            expect(result.jobs.length > 0 || result.noJobReason !== undefined).toBe(true);
          }
        }
        holder[key] = original;
        visit(root, original);
      }
    };
    for (const detail of details) visit(detail, detail);
    expect(variants).toBeGreaterThan(300);
  });
});

import type { NotificationEvent } from "@routing/genesys-client";
import { QUEUES } from "@routing/jobs";
import { describe, expect, it } from "vitest";
import { jobsForEvent } from "../src/event-to-jobs.js";
import {
  acd,
  agent,
  alertingBody,
  connectedBody,
  conversation,
  customer,
  EMPTY_ROUTING_DATA,
  endedBody,
  IDS,
  OTHER_QUEUE_TOPIC,
  QUEUE_TOPIC,
  routingData,
  scheduledCallbackBody,
  waitingAfterDeclineBody,
  waitingBody,
} from "./support/conversation-bodies.js";

/** The acd participant's connectedTime in the bodies (conversation-bodies.ts). */
const QUEUED_AT = Date.parse("2025-01-06T08:00:00.000Z");

const OBSERVED_AT = 1_736_150_400_000;

const event = (eventBody: unknown, topicName = QUEUE_TOPIC): NotificationEvent => ({
  topicName,
  version: "2",
  eventBody,
  metadata: { CorrelationId: "c0ffee00-0000-4000-8000-000000000000" },
});

describe("jobsForEvent: a customer waiting in the queue", () => {
  it("asks for one conversation.score with the routing data of the acd participant", () => {
    const result = jobsForEvent(event(waitingBody()), OBSERVED_AT);
    expect(result.noJobReason).toBeUndefined();
    expect(result.rejected).toEqual([]);
    expect(result.jobs).toHaveLength(1);
    const [job] = result.jobs;
    expect(job?.name).toBe("conversation.score");
    expect(job?.queueName).toBe(QUEUES.decisions);
    expect(job?.data).toEqual({
      conversationId: IDS.conversation,
      queueId: IDS.queue,
      mediaType: "call",
      skillIds: [IDS.skillBilling, IDS.skillSpanish],
      languageId: IDS.language,
      round: 0,
      observedAtMs: OBSERVED_AT,
      // The acd participant's connectedTime: when the customer entered the queue.
      queuedAtMs: QUEUED_AT,
    });
    expect(job?.opts.jobId).toBe(`score_${IDS.conversation}_${IDS.queue}_0`);
  });

  it.each([
    ["messages", "message"],
    ["chats", "chat"],
    ["callbacks", "callback"],
    ["emails", "email"],
  ] as const)("reads the media type from the %s array", (array, mediaType) => {
    const [job] = jobsForEvent(event(waitingBody(array)), OBSERVED_AT).jobs;
    expect(job?.data).toMatchObject({ mediaType });
  });

  it("gives the same job id for every repeat of the same state, whenever it was observed", () => {
    const first = jobsForEvent(event(waitingBody()), OBSERVED_AT).jobs.map((job) => job.opts.jobId);
    const repeat = jobsForEvent(event(waitingBody()), OBSERVED_AT + 60_000).jobs.map((job) => job.opts.jobId);
    expect(repeat).toEqual(first);
  });

  it("re-scores in a new round after an offer ended unanswered (a new job id, not a duplicate)", () => {
    const [job] = jobsForEvent(event(waitingAfterDeclineBody()), OBSERVED_AT).jobs;
    expect(job?.name).toBe("conversation.score");
    expect(job?.data).toMatchObject({ round: 1 });
    expect(job?.opts.jobId).toBe(`score_${IDS.conversation}_${IDS.queue}_1`);
  });

  it("leaves out the language when the routing data has none", () => {
    const body = conversation(customer("connected"), {
      ...acd("connected"),
      conversationRoutingData: { queue: { id: IDS.queue }, priority: 0, skills: [], scoredAgents: [] },
    });
    const [job] = jobsForEvent(event(body), OBSERVED_AT).jobs;
    expect(job?.data).toEqual({
      conversationId: IDS.conversation,
      queueId: IDS.queue,
      mediaType: "call",
      skillIds: [],
      round: 0,
      observedAtMs: OBSERVED_AT,
      // The acd participant's connectedTime: when the customer entered the queue.
      queuedAtMs: QUEUED_AT,
    });
  });

  it("scores a conversation transferred into the queue, on that queue's topic only", () => {
    const body = conversation(
      customer("connected"),
      acd("disconnected", { queueId: IDS.otherQueue, id: IDS.otherAcd }),
      acd("connected"),
    );
    const [job] = jobsForEvent(event(body), OBSERVED_AT).jobs;
    expect(job?.data).toMatchObject({ queueId: IDS.queue });
    expect(jobsForEvent(event(body, OTHER_QUEUE_TOPIC), OBSERVED_AT)).toEqual({
      jobs: [],
      rejected: [],
      noJobReason: "not-waiting",
    });
  });
});

describe("jobsForEvent: an offer to an agent (alerting)", () => {
  it("asks for one assignment.check for the alerting agent participant and no score", () => {
    const result = jobsForEvent(event(alertingBody()), OBSERVED_AT);
    expect(result.jobs).toHaveLength(1);
    const [job] = result.jobs;
    expect(job?.name).toBe("assignment.check");
    expect(job?.data).toEqual({
      conversationId: IDS.conversation,
      queueId: IDS.queue,
      userId: IDS.agentUser,
      participantId: IDS.agentParticipant,
      skillIds: [IDS.skillBilling, IDS.skillSpanish],
      languageId: IDS.language,
      round: 0,
      observedAtMs: OBSERVED_AT,
      // The acd participant's connectedTime: when the customer entered the queue.
      queuedAtMs: QUEUED_AT,
    });
    expect(job?.opts.jobId).toBe(`assign_${IDS.conversation}_${IDS.agentParticipant}_0`);
  });

  it("takes the requirements from the acd participant: the agent leg's routing data is empty in Genesys", () => {
    // Genesys sends the agent participant with `conversationRoutingData` present but empty (no queue,
    // skills: []). Reading it made every check require nothing, so every offer was approved.
    const body = alertingBody();
    const agentLeg = (body.participants as Record<string, unknown>[]).find((p) => p.purpose === "agent");
    expect(agentLeg?.conversationRoutingData).toEqual(EMPTY_ROUTING_DATA);
    const [job] = jobsForEvent(event(body), OBSERVED_AT).jobs;
    expect(job?.name).toBe("assignment.check");
    expect(job?.data).toMatchObject({
      skillIds: [IDS.skillBilling, IDS.skillSpanish],
      languageId: IDS.language,
    });
  });

  it("gives no check when the queue's acd participant carries no routing data (nothing to check against)", () => {
    const body = conversation(customer("connected"), acd("connected", { routing: false }), agent("alerting"));
    expect(jobsForEvent(event(body), OBSERVED_AT)).toEqual({
      jobs: [],
      rejected: [],
      noJobReason: "no-routing-data",
    });
  });

  it("checks the new offer after a decline, once per agent participant", () => {
    const body = conversation(
      customer("connected"),
      acd("connected"),
      agent("disconnected", { answered: false, id: IDS.declinedParticipant, userId: IDS.declinedUser }),
      agent("alerting"),
    );
    const jobs = jobsForEvent(event(body), OBSERVED_AT).jobs;
    expect(
      jobs.map((job) => [
        job.name,
        job.data.conversationId,
        "participantId" in job.data && job.data.participantId,
      ]),
    ).toEqual([["assignment.check", IDS.conversation, IDS.agentParticipant]]);
  });

  it("refuses, naming the field, an alerting agent participant without a user", () => {
    const body = conversation(customer("connected"), acd("connected"), agent("alerting", { userId: null }));
    const result = jobsForEvent(event(body), OBSERVED_AT);
    expect(result.jobs).toEqual([]);
    expect(result.noJobReason).toBe("invalid-payload");
    expect(result.rejected).toEqual([
      expect.objectContaining({ jobName: "assignment.check", field: "userId" }),
    ]);
  });
});

describe("jobsForEvent: skill expressions", () => {
  it("carries the acd's skillExpressionId into the score and the check, beside its explicit skills", () => {
    const routing = { ...routingData(), skillExpressionId: "c6d7e8f9-0a1b-4c2d-9e3f-405162738495" };
    const waiting = conversation(customer("connected"), acd("connected", { routing }));
    const [score] = jobsForEvent(event(waiting), OBSERVED_AT).jobs;
    expect(score?.data).toMatchObject({
      skillIds: [IDS.skillBilling, IDS.skillSpanish],
      skillExpressionId: routing.skillExpressionId,
    });
    const offered = conversation(customer("connected"), acd("connected", { routing }), agent("alerting"));
    const [check] = jobsForEvent(event(offered), OBSERVED_AT).jobs;
    expect(check?.name).toBe("assignment.check");
    expect(check?.data).toMatchObject({ skillExpressionId: routing.skillExpressionId });
  });

  it("carries an expression with no explicit skills as it is (skillIds empty)", () => {
    const routing = { queue: { id: IDS.queue }, priority: 0, skills: [], skillExpressionId: "expr-7" };
    const [score] = jobsForEvent(
      event(conversation(customer("connected"), acd("connected", { routing }))),
      1,
    ).jobs;
    expect(score?.data).toMatchObject({ skillIds: [], skillExpressionId: "expr-7" });
  });
});

describe("jobsForEvent: nothing to decide", () => {
  it.each([
    ["an agent is connected", connectedBody(), "agent-connected"],
    ["everybody has disconnected", endedBody(), "conversation-ended"],
    [
      "the acd participant has no routing data",
      conversation(customer("connected"), acd("connected", { routing: false })),
      "no-routing-data",
    ],
    [
      "the customer waits on a medium the catalog does not know",
      conversation(customer("connected", "videos"), acd("connected", { array: "videos" })),
      "unsupported-media",
    ],
    ["a callback is scheduled for later (not waiting yet)", scheduledCallbackBody(), "not-waiting"],
    [
      "the acd participant's media is in state none",
      conversation(customer("connected"), acd("none")),
      "not-waiting",
    ],
    [
      "no participant is in the topic's queue",
      conversation(customer("connected"), acd("connected", { queueId: IDS.otherQueue })),
      "other-queue",
    ],
  ] as const)("gives no job when %s", (_what, body, reason) => {
    expect(jobsForEvent(event(body), OBSERVED_AT)).toEqual({ jobs: [], rejected: [], noJobReason: reason });
  });

  it("gives no job for topics other than queue conversations", () => {
    const result = jobsForEvent(event(waitingBody(), `v2.users.${IDS.agentUser}.routingStatus`), OBSERVED_AT);
    expect(result.noJobReason).toBe("unsupported-topic");
  });

  it("stops re-scoring after the catalog's last round", () => {
    const declined = Array.from({ length: 21 }, (_, index) =>
      agent("disconnected", {
        answered: false,
        id: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
      }),
    );
    const body = conversation(customer("connected"), acd("connected"), ...declined);
    expect(jobsForEvent(event(body), OBSERVED_AT).noJobReason).toBe("round-limit");
  });

  it("refuses a conversation id that is not a UUID, naming the field", () => {
    const body = { ...waitingBody(), id: "not-a-uuid" };
    const result = jobsForEvent(event(body), OBSERVED_AT);
    expect(result.noJobReason).toBe("invalid-payload");
    expect(result.rejected).toEqual([
      expect.objectContaining({ jobName: "conversation.score", field: "conversationId" }),
    ]);
  });
});

describe("jobsForEvent: malformed bodies", () => {
  it.each([
    ["null", null],
    ["a string", "conversation"],
    ["an array", [waitingBody()]],
    ["an empty object", {}],
    ["a numeric id", { id: 42, participants: [] }],
    ["participants that are not a list", { id: IDS.conversation, participants: "all" }],
  ])("gives no job and does not throw for %s", (_what, body) => {
    expect(jobsForEvent(event(body), OBSERVED_AT)).toEqual({
      jobs: [],
      rejected: [],
      noJobReason: "malformed-body",
    });
  });

  it("skips participants and media items of the wrong type", () => {
    const body = conversation(
      null,
      7,
      "agent",
      { purpose: "acd", calls: "x" },
      customer("connected"),
      acd("connected"),
    );
    const [job] = jobsForEvent(event(body), OBSERVED_AT).jobs;
    expect(job?.name).toBe("conversation.score");
  });

  it("never throws when any single field of a realistic body is replaced by a value of another type", () => {
    const replacements: unknown[] = [null, undefined, 0, -1, "", "x", true, [], {}, [null], { id: null }];
    const bodies = [waitingBody(), alertingBody(), connectedBody(), endedBody(), waitingAfterDeclineBody()];
    let variants = 0;
    const visit = (root: unknown, node: unknown): void => {
      if (typeof node !== "object" || node === null) return;
      for (const key of Object.keys(node)) {
        const holder = node as Record<string, unknown>;
        const original = holder[key];
        for (const replacement of replacements) {
          holder[key] = replacement;
          variants++;
          const result = jobsForEvent(event(root), OBSERVED_AT);
          expect(result.jobs.length > 0 || result.noJobReason !== undefined).toBe(true);
        }
        holder[key] = original;
        visit(root, original);
      }
    };
    for (const body of bodies) visit(body, body);
    expect(variants).toBeGreaterThan(1_000);
  });
});

import { describe, expect, it } from "vitest";
import { decisionsFor, JobPayloadError, prepareJob, readNotificationConversation } from "../src/index.js";
import { SAMPLE_INPUTS } from "./samples.js";

const queueId = "1c8d2e8f-4a5b-4c6d-8e7f-8091a2b3c4d5";
const agentA = "2d9e3f90-5b6c-4d7e-9f80-91a2b3c4d5e6";
const agentB = "5ac162c3-8e9f-4a01-b2c3-c4d5e6f70819";

/** A waiting call as `v2.routing.queues.{id}.conversations` sends it, with `scoredAgents` on the acd leg. */
function waitingCall(scoredAgents: unknown) {
  return {
    id: "0b7c1d7e-3f4a-4b5c-9d6e-7f8091a2b3c4",
    participants: [
      { id: "6bd273d4-9fa0-4b12-83d4-d5e6f708192a", purpose: "customer", calls: [{ state: "connected" }] },
      {
        id: "7ce384e5-a0b1-4c23-94e5-e6f708192a3b",
        purpose: "acd",
        queueId,
        calls: [{ state: "connected" }],
        conversationRoutingData: { queue: { id: queueId }, skills: [], scoredAgents },
      },
    ],
  };
}

function scorePayload(scoredAgents: unknown) {
  const snapshot = readNotificationConversation(waitingCall(scoredAgents), queueId, 1_700_000_000_000);
  if (snapshot === undefined) throw new Error("unreadable");
  const [job] = decisionsFor(snapshot).jobs;
  return job;
}

describe("scoredAgents: what Genesys already holds, carried into conversation.score", () => {
  it.each([
    [
      "held scores",
      [
        { agent: { id: agentA }, score: 90 },
        { agent: { id: agentB }, score: 40 },
      ],
      2,
    ],
    ["none yet (Genesys sends [])", [], undefined],
    ["absent", undefined, undefined],
    [
      "entries without an id or a number skipped",
      [{ agent: {}, score: 1 }, { agent: { id: agentA } }],
      undefined,
    ],
  ])("%s", (_name, scoredAgents, expected) => {
    const job = scorePayload(scoredAgents);
    expect(job?.name).toBe("conversation.score");
    const data = job?.data as { scoredAgents?: unknown[] };
    expect(data.scoredAgents?.length).toBe(expected);
  });

  it("maps { agent: { id }, score } onto { id, score } and never into the job id", () => {
    const held = scorePayload([{ agent: { id: agentA.toUpperCase() }, score: 90 }]);
    expect(held?.data).toMatchObject({ scoredAgents: [{ id: agentA, score: 90 }] });
    expect(held?.opts.jobId).toBe(scorePayload([])?.opts.jobId);
  });

  it("a producer's bad entry is refused, the field named", () => {
    const bad = { ...SAMPLE_INPUTS["conversation.score"], scoredAgents: [{ id: "not-a-uuid", score: 1 }] };
    expect(() => prepareJob("conversation.score", bad)).toThrow(JobPayloadError);
    try {
      prepareJob("conversation.score", bad);
    } catch (error) {
      expect((error as JobPayloadError).field).toBe("scoredAgents.0.id");
    }
  });
});

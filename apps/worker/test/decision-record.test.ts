import { randomUUID } from "node:crypto";
import { explainRanking } from "@routing/core";
import type { DecisionRecord } from "@routing/decision-log";
import { prepareJob } from "@routing/jobs";
import { describe, expect, it } from "vitest";
import { startJobDecision } from "../src/decision-record/job-decision.js";
import { compareOffer, latestShadowRanking } from "../src/decision-record/shadow-comparison.js";
import type { JobOutcome } from "../src/job-outcome.js";

const NOW = Date.parse("2026-03-02T10:00:00Z");
const QUEUE = "0a5d0f4e-7f7b-4a53-9d5b-2f1f8c7d1a01";
const CONVERSATION = "1b5d0f4e-7f7b-4a53-9d5b-2f1f8c7d1a01";
const SKILL = "5c2b7a4e-1d2e-4f3a-8b9c-0d1e2f3a4b5c";
const AGENTS = ["7e1c0000-0000-4000-8000-000000000001", "7e1c0000-0000-4000-8000-000000000002"];
const STRANGER = "7e1c0000-0000-4000-8000-000000000009";

function ranking() {
  return explainRanking(
    AGENTS.map((id, index) => ({
      id,
      name: id,
      skills: { [SKILL]: 5 - index * 2 },
      languages: [],
      routingStatus: { status: "IDLE" as const, startTime: NOW - 60_000 },
    })),
    { requiredSkills: [SKILL] },
    { nowMs: NOW },
  ).explanation;
}

function scoringJob() {
  const payload = prepareJob("conversation.score", {
    conversationId: CONVERSATION,
    queueId: QUEUE,
    mediaType: "call",
    skillIds: [SKILL],
    observedAtMs: NOW - 50,
  }).data;
  return { name: "conversation.score" as const, payload };
}

function shadowRecord(overrides: Partial<DecisionRecord> = {}): DecisionRecord {
  const decision = startJobDecision(scoringJob(), {
    jobId: "score_1",
    attempt: 1,
    startedAtMs: NOW - 10,
    shadow: true,
    candidatesKept: 50,
  });
  decision.notes.explain({ ranking: ranking() });
  const input = decision.record({ status: "scored" }, [], NOW);
  return {
    ...(input as unknown as DecisionRecord),
    decisionId: randomUUID(),
    schemaVersion: 1,
    candidatesOmitted: 0,
    ...overrides,
  };
}

describe("a decision job's record", () => {
  it.each([
    [{ status: "scored" }, "scored"],
    [{ status: "no-eligible-agent" }, "no-eligible"],
    [{ status: "scores-inert" }, undefined],
    [{ status: "other" }, undefined],
  ] as [JobOutcome, string | undefined][])("conversation.score %j is recorded as %s", (outcome, recorded) => {
    const decision = startJobDecision(scoringJob(), {
      jobId: "j",
      attempt: 2,
      startedAtMs: NOW,
      shadow: false,
      candidatesKept: 50,
    });
    expect(decision.record(outcome, [], NOW)?.action.outcome).toBe(recorded);
  });

  it.each([
    [{ status: "approved" }, "approved", null],
    [{ status: "rejected", followUp: "rescore" }, "rejected", "rescore"],
    [{ status: "rejected", followUp: "requeue" }, "rejected", "requeue"],
    [{ status: "unevaluated" }, undefined, undefined],
  ] as [JobOutcome, string | undefined, string | null | undefined][])(
    "assignment.check %j is recorded as %s (follow-up %s)",
    (outcome, recorded, followUp) => {
      const payload = prepareJob("assignment.check", {
        conversationId: CONVERSATION,
        queueId: QUEUE,
        userId: AGENTS[0] ?? "",
        participantId: randomUUID(),
        observedAtMs: NOW,
      }).data;
      const decision = startJobDecision(
        { name: "assignment.check", payload },
        { jobId: "j", attempt: 1, startedAtMs: NOW, shadow: false, candidatesKept: 50 },
      );
      const input = decision.record(outcome, [], NOW);
      expect(input?.action.outcome).toBe(recorded);
      expect(input?.action.followUp).toBe(followUp);
      if (input !== undefined) expect(input.event.userId).toBe(AGENTS[0]);
    },
  );

  it("in shadow mode records what it would have done, sends nothing and keeps the body it meant", async () => {
    const decision = startJobDecision(scoringJob(), {
      jobId: "j",
      attempt: 1,
      startedAtMs: NOW,
      shadow: true,
      candidatesKept: 50,
    });
    const body = { requestScoredAgents: [{ id: AGENTS[0] ?? "", score: 90 }] };
    let sent = 0;
    const live = {
      write: async <Body>(_identity: string, written: Body, send: (body: Body) => Promise<unknown>) => {
        await send(written);
        return { body: written, replay: "none" as const };
      },
    };
    const written = await decision.writes(live).write("PATCH x", body, async () => {
      sent += 1;
    });
    expect(sent).toBe(0);
    expect(written.body).toBe(body);
    expect(decision.record({ status: "scored" }, [], NOW)?.action).toMatchObject({
      outcome: "shadow",
      shadowOf: "scored",
      requestScoredAgents: body.requestScoredAgents,
    });
  });
});

describe("shadow comparison", () => {
  it("agrees on our top agent; otherwise the gap is our top score minus the offered agent's", () => {
    const record = shadowRecord();
    const [top, second] = record.ranking?.candidates ?? [];
    expect(top?.rank).toBe(1);
    expect(compareOffer(record, AGENTS[0] ?? "")).toEqual({ agreed: true, scoreGap: 0 });
    const gap = (top?.score ?? 0) - (second?.score ?? 0);
    expect(gap).toBeGreaterThan(0);
    expect(compareOffer(record, AGENTS[1] ?? "")).toEqual({ agreed: false, scoreGap: gap });
    expect(compareOffer(record, STRANGER)).toEqual({ agreed: false, scoreGap: top?.score });
  });

  it("compares with the latest shadow decision that ranked someone", () => {
    const ranked = shadowRecord();
    const approval = shadowRecord({ ranking: null });
    const live = shadowRecord({ action: { ...ranked.action, outcome: "scored", shadowOf: null } });
    expect(latestShadowRanking([approval, ranked])).toBe(ranked);
    expect(latestShadowRanking([live, approval])).toBeUndefined();
    expect(compareOffer(approval, STRANGER)).toBeUndefined();
  });
});

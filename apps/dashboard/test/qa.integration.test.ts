import {
  adjustWeightsForSla,
  buildRequestScoredAgents,
  buildRequestScoredAgentsExplained,
  buildRoutingSkillBulkUpdates,
  type CandidateAgent,
  checkAssignment,
  DEFAULT_SCORING_WEIGHTS,
  decideHandoffTurn,
  decideSkillAdjustment,
  explainAssignmentCheck,
  formatSupervisorAlert,
  type HandoffSessionState,
  initialHandoffState,
  rankAgents,
} from "@routing/core";
import { describe, expect } from "vitest";
import { QA_DEFAULT_TARGET } from "../src/handlers/qa-handoff.js";
import { dashboardTest, type ErrorAnswer, type TestDashboard } from "./dashboard-fixture.js";

const NOW_MS = Date.parse("2026-03-02T10:00:00Z");

const AGENTS: CandidateAgent[] = [
  {
    id: "a-1",
    skills: { billing: 5, claims: 2 },
    languages: ["en-US"],
    csat: 0.9,
    routingStatus: { status: "IDLE", startTime: "2026-03-02T09:58:00Z" },
  },
  {
    id: "a-2",
    skills: { billing: 4 },
    languages: ["en-US", "es-US"],
    csat: 0.7,
    routingStatus: { status: "IDLE", startTime: "2026-03-02T09:50:00Z" },
  },
  {
    id: "a-3",
    skills: { billing: 4 },
    languages: ["en-US", "es-US"],
    csat: 0.7,
    routingStatus: { status: "IDLE", startTime: NOW_MS - 60_000 },
  },
  { id: "a-4", skills: { billing: 5 }, languages: ["en-US"], routingStatus: { status: "OFF_QUEUE" } },
  { id: "a-5", skills: { claims: 5 }, languages: ["fr-CA"], routingStatus: { status: "IDLE" } },
];

async function post(
  dashboard: TestDashboard,
  path: string,
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  const answer = await dashboard.request(path, { json: body });
  return { status: answer.status, body: await answer.json() };
}

async function expectFieldError(
  dashboard: TestDashboard,
  path: string,
  body: unknown,
  field: string,
): Promise<void> {
  const answer = await post(dashboard, path, body);
  expect(answer.status, JSON.stringify(body)).toBe(400);
  expect((answer.body as ErrorAnswer).error.field, JSON.stringify(answer.body)).toBe(field);
}

describe("POST /api/qa/score", () => {
  dashboardTest("returns core's ranking and the exact requestScoredAgents body", async ({ dashboard }) => {
    const requirement = { requiredSkills: ["billing"], requiredLanguage: "en-US" };
    const options = { nowMs: NOW_MS, topN: 3 };
    const answer = await post(dashboard, "/api/qa/score", { request: requirement, agents: AGENTS, options });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      nowMs: NOW_MS,
      ranked: rankAgents(AGENTS, requirement, options),
      genesysRequestBody: { requestScoredAgents: buildRequestScoredAgents(AGENTS, requirement, options) },
      explanation: buildRequestScoredAgentsExplained(AGENTS, requirement, options).explanation,
    });
    // Equal scores are broken by idle time: a-2 has been idle longest of the two 4-star agents.
    expect((answer.body as { ranked: { agentId: string }[] }).ranked.map((agent) => agent.agentId)).toEqual([
      "a-1",
      "a-2",
      "a-3",
    ]);
  });

  dashboardTest(
    "applies core's SLA weight rules first when the service level is given",
    async ({ dashboard }) => {
      const requirement = { requiredSkills: ["billing"], requiredLanguage: "es-US" };
      const sla = { target: { percent: 80, seconds: 20 }, serviceLevelPercent: 60 };
      const answer = await post(dashboard, "/api/qa/score", {
        request: requirement,
        agents: AGENTS,
        options: { nowMs: NOW_MS, eligibleStatuses: "any" },
        sla,
      });
      expect(answer.status).toBe(200);
      const adjustment = adjustWeightsForSla(DEFAULT_SCORING_WEIGHTS, sla);
      const options = { nowMs: NOW_MS, eligibleStatuses: "any" as const, weights: adjustment.weights };
      expect(answer.body).toEqual({
        nowMs: NOW_MS,
        slaAdjustment: adjustment,
        ranked: rankAgents(AGENTS, requirement, options),
        genesysRequestBody: { requestScoredAgents: buildRequestScoredAgents(AGENTS, requirement, options) },
        explanation: buildRequestScoredAgentsExplained(AGENTS, requirement, options, {
          slaAdjustment: adjustment,
        }).explanation,
      });
      expect((answer.body as { explanation: { sla: unknown } }).explanation.sla).toMatchObject({
        rule: "behind-target",
        serviceLevelPercent: 60,
      });
    },
  );

  dashboardTest(
    "ranks with the fairness term when asked, and explains every candidate's term",
    async ({ dashboard }) => {
      const requirement = { requiredSkills: ["billing"] };
      const options = { nowMs: NOW_MS, fairness: { signal: "idle-time" as const, weight: 0.5 } };
      const answer = await post(dashboard, "/api/qa/score", {
        request: requirement,
        agents: AGENTS,
        options,
      });
      expect(answer.status).toBe(200);
      const body = answer.body as {
        ranked: unknown;
        explanation: { fairness: unknown; candidates: { fairness: unknown }[] };
      };
      expect(body.ranked).toEqual(rankAgents(AGENTS, requirement, options));
      expect(body.explanation.fairness).toEqual({
        signal: "idle-time",
        weight: 0.5,
        idleSaturationMs: 600_000,
      });
      for (const candidate of body.explanation.candidates) {
        expect(candidate.fairness).toMatchObject({ signal: "idle-time", term: expect.any(Number) });
      }
    },
  );

  dashboardTest("bad input is a 400 naming the field", async ({ dashboard }) => {
    const ok = { request: { requiredSkills: ["billing"] }, agents: AGENTS, options: { nowMs: NOW_MS } };
    const badAgents = structuredClone(AGENTS) as unknown as Record<string, unknown>[];
    (badAgents[1] as { skills: Record<string, number> }).skills.billing = 7;
    await expectFieldError(
      dashboard,
      "/api/qa/score",
      { ...ok, agents: badAgents },
      "agents[1].skills.billing",
    );
    await expectFieldError(
      dashboard,
      "/api/qa/score",
      { ...ok, request: { requiredSkills: "billing" } },
      "request.requiredSkills",
    );
    await expectFieldError(
      dashboard,
      "/api/qa/score",
      { ...ok, options: { nowMs: NOW_MS, topN: 0 } },
      "options.topN",
    );
    await expectFieldError(
      dashboard,
      "/api/qa/score",
      { ...ok, options: { nowMs: NOW_MS, minscore: 0.2 } },
      "options.minscore",
    );
    await expectFieldError(
      dashboard,
      "/api/qa/score",
      { ...ok, options: { nowMs: NOW_MS, fairness: { weight: 1 } } },
      "options.fairness.weight",
    );
    await expectFieldError(
      dashboard,
      "/api/qa/score",
      { ...ok, options: { nowMs: NOW_MS, weights: { proficiency: 0, languageMatch: 0, csat: 0 } } },
      "options.weights",
    );
    const lateAgents = [{ ...AGENTS[0], routingStatus: { status: "IDLE", startTime: "yesterday" } }];
    await expectFieldError(
      dashboard,
      "/api/qa/score",
      { ...ok, agents: lateAgents },
      "agents[a-1].routingStatus.startTime",
    );
    await expectFieldError(
      dashboard,
      "/api/qa/score",
      { ...ok, sla: { target: { percent: 80, seconds: 20 }, serviceLevelPercent: 140 } },
      "sla.serviceLevelPercent",
    );
  });
});

describe("POST /api/qa/assignment-check", () => {
  dashboardTest("returns core's decision, approve and reject", async ({ dashboard }) => {
    const input = {
      queueId: "q-billing",
      agent: { id: "a-9", skills: { billing: 3, claims: 5 } },
      requiredSkills: ["billing", "claims"],
    };
    const rejected = await post(dashboard, "/api/qa/assignment-check", input);
    expect(rejected).toEqual({ status: 200, body: explainAssignmentCheck(input) });
    expect((rejected.body as { decision: unknown }).decision).toEqual(checkAssignment(input));
    expect((rejected.body as { explanation: unknown }).explanation).toMatchObject({
      policy: "assignment-check",
      thresholdSource: "default",
      outcome: "reject",
    });
    expect((rejected.body as { decision: { kind: string } }).decision.kind).toBe("reject");

    const options = {
      thresholds: { defaultThreshold: 0.75, perQueue: { "q-billing": 0.5 } },
      skillCombine: "mean" as const,
    };
    const approved = await post(dashboard, "/api/qa/assignment-check", { ...input, options });
    expect(approved).toEqual({ status: 200, body: explainAssignmentCheck(input, options) });
    expect((approved.body as { decision: { kind: string } }).decision.kind).toBe("approve");
  });

  dashboardTest("bad input is a 400 naming the field", async ({ dashboard }) => {
    const input = { queueId: "q", agent: { id: "a", skills: { billing: 9 } }, requiredSkills: ["billing"] };
    await expectFieldError(dashboard, "/api/qa/assignment-check", input, "agent.skills.billing");
    await expectFieldError(dashboard, "/api/qa/assignment-check", { ...input, queueId: "" }, "queueId");
    await expectFieldError(
      dashboard,
      "/api/qa/assignment-check",
      { ...input, agent: { id: "a", skills: {} }, options: { thresholds: { defaultThreshold: 2 } } },
      "options.thresholds.defaultThreshold",
    );
    const { requiredSkills: _omitted, ...withoutSkills } = input;
    await expectFieldError(dashboard, "/api/qa/assignment-check", withoutSkills, "requiredSkills");
  });
});

describe("POST /api/qa/handoff", () => {
  dashboardTest(
    "returns core's step, and the returned state carries the session to the next turn",
    async ({ dashboard }) => {
      const options = { defaultTarget: { queueId: "q-agents", skillIds: ["s-1"] }, lowConfidenceTurns: 2 };
      let state: HandoffSessionState = initialHandoffState();
      for (const confidence of [0.8, 0.82]) {
        const turn = { intent: "Billing", confidence };
        const expected = decideHandoffTurn(state, turn, options);
        const answer = await post(dashboard, "/api/qa/handoff", { state, turn, options });
        expect(answer).toEqual({ status: 200, body: expected });
        state = (answer.body as { state: HandoffSessionState }).state;
      }
      expect(state.handedOff).toMatchObject({
        trigger: "repeated-low-confidence",
        target: options.defaultTarget,
      });

      // Without options or state: a new session and the documented placeholder target.
      const turn = { intent: "agent", confidence: 0.99 };
      const fresh = await post(dashboard, "/api/qa/handoff", { turn });
      expect(fresh).toEqual({
        status: 200,
        body: decideHandoffTurn(initialHandoffState(), turn, { defaultTarget: QA_DEFAULT_TARGET }),
      });
    },
  );

  dashboardTest("bad input is a 400 naming the field", async ({ dashboard }) => {
    const turn = { intent: "billing", confidence: 0.5 };
    await expectFieldError(
      dashboard,
      "/api/qa/handoff",
      { turn, state: { schemaVersion: 2 } },
      "state.schemaVersion",
    );
    await expectFieldError(
      dashboard,
      "/api/qa/handoff",
      { turn, options: { confidenceThreshold: 1.5 } },
      "options.confidenceThreshold",
    );
    await expectFieldError(
      dashboard,
      "/api/qa/handoff",
      { turn, options: { defaultTarget: { queueId: "", skillIds: [] } } },
      "options.defaultTarget.queueId",
    );
    await expectFieldError(dashboard, "/api/qa/handoff", {}, "turn");
  });
});

describe("POST /api/qa/skill-adjustment", () => {
  dashboardTest(
    "returns core's decision, the supervisor alert text and the bulk update body",
    async ({ dashboard }) => {
      const input = {
        userId: "u-1",
        skillId: "s-billing",
        currentProficiency: 4.8,
        performance: { conversations: 40, averageHandleTimeSeconds: 700, csat: 60, csatScale: 100 as const },
      };
      const names = { userName: "Jo Smith", skillName: "Billing" };
      const answer = await post(dashboard, "/api/qa/skill-adjustment", { ...input, names });
      const decision = decideSkillAdjustment(input);
      if (decision.kind !== "adjust" || !decision.alert) throw new Error("the fixture should alert");
      expect(answer).toEqual({
        status: 200,
        body: {
          decision,
          supervisorAlert: formatSupervisorAlert(decision, names),
          bulkUpdates: buildRoutingSkillBulkUpdates([decision]),
        },
      });

      const quiet = { ...input, performance: { ...input.performance, conversations: 3 } };
      const noChange = await post(dashboard, "/api/qa/skill-adjustment", {
        ...quiet,
        options: { minConversations: 5 },
      });
      expect(noChange).toEqual({
        status: 200,
        body: {
          decision: decideSkillAdjustment(quiet, { minConversations: 5 }),
          supervisorAlert: null,
          bulkUpdates: [],
        },
      });
    },
  );

  dashboardTest("bad input is a 400 naming the field", async ({ dashboard }) => {
    const input = {
      userId: "u-1",
      skillId: "s-1",
      currentProficiency: 3,
      performance: { conversations: 40, averageHandleTimeSeconds: 300, csat: 4, csatScale: 5 },
    };
    const path = "/api/qa/skill-adjustment";
    await expectFieldError(
      dashboard,
      path,
      { ...input, performance: { ...input.performance, csatScale: 10 } },
      "performance.csatScale",
    );
    await expectFieldError(dashboard, path, { ...input, currentProficiency: 6 }, "currentProficiency");
    await expectFieldError(dashboard, path, { ...input, options: { maxStep: 0 } }, "options.maxStep");
    await expectFieldError(
      dashboard,
      path,
      { ...input, performance: { ...input.performance, csat: "good" } },
      "performance.csat",
    );
  });
});

describe("the HTTP surface around the handlers", () => {
  dashboardTest(
    "wrong content type, oversized bodies and unknown routes are JSON errors",
    async ({ dashboard }) => {
      const text = await dashboard.request("/api/qa/handoff", {
        body: "turn=1",
        headers: { "content-type": "text/plain" },
      });
      expect(text.status).toBe(415);
      expect(((await text.json()) as ErrorAnswer).error.field).toBe("content-type");

      const big = await dashboard.request("/api/qa/score", {
        json: { request: { requiredSkills: [] }, agents: [], padding: "x".repeat(2 * 1024 * 1024) },
      });
      expect(big.status).toBe(413);
      expect(((await big.json()) as ErrorAnswer).error).toMatchObject({
        code: "payload-too-large",
        field: "body",
      });

      const unknown = await dashboard.request("/api/nothing-here");
      expect(unknown.status).toBe(404);
      expect(((await unknown.json()) as ErrorAnswer).error.code).toBe("not-found");

      // Still serving after all of that.
      expect((await dashboard.request("/healthz", { auth: false })).status).toBe(200);
    },
  );
});

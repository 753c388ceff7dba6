import { describe, expect, it } from "vitest";
import { type RoutingRequest, selectAgent } from "./agent-selection.js";
import type { AgentModel, RoutingRuleModel } from "./model.js";

function agent(id: string, idleSince: number, overrides: Partial<AgentModel> = {}): AgentModel {
  return {
    id,
    name: id,
    email: `${id}@example.com`,
    skills: new Map([["billing", { proficiency: 3, state: "active" }]]),
    languages: new Map([["english", { proficiency: 5, state: "active" }]]),
    queueIds: ["q"],
    queuesChangedAt: 0,
    status: "IDLE",
    statusSince: idleSince,
    presence: "On Queue",
    presenceSince: idleSince,
    conversationId: undefined,
    wrapUpTimer: undefined,
    quality: 0.8,
    pace: 1,
    ...overrides,
  };
}

/** Genesys' example of a rule set: the top agents for 30 s, then all preferred agents for 30 s. */
const RULES: RoutingRuleModel[] = [
  { operator: "MEETS_THRESHOLD", threshold: 80, waitSeconds: 30 },
  { operator: "ANY", waitSeconds: 30 },
];

const request: RoutingRequest = {
  skillIds: [],
  languageId: undefined,
  scoredAgents: [],
  declinedBy: new Set<string>(),
  routingRules: RULES,
  msInQueue: 0,
};

describe("selectAgent: standard routing", () => {
  it("picks the longest-idle member by default", () => {
    const members = [agent("a", 300), agent("b", 100), agent("c", 200)];
    expect(selectAgent(members, request)).toEqual({
      choice: { agent: expect.objectContaining({ id: "b" }), reason: "longest-idle" },
      widensAtMs: undefined,
    });
  });

  it("skips members who are busy, off queue or declined it", () => {
    const members = [
      agent("busy", 1, { status: "INTERACTING" }),
      agent("off", 2, { status: "OFF_QUEUE" }),
      agent("declined", 3),
      agent("free", 4),
    ];
    const { choice } = selectAgent(members, { ...request, declinedBy: new Set(["declined"]) });
    expect(choice?.agent.id).toBe("free");
  });

  it("requires every requested skill and the language", () => {
    const members = [
      agent("noSkill", 1, { skills: new Map() }),
      agent("inactive", 2, { skills: new Map([["billing", { proficiency: 5, state: "inactive" }]]) }),
      agent("noLanguage", 3, { languages: new Map() }),
      agent("fits", 4),
    ];
    const wanted = { ...request, skillIds: ["billing"], languageId: "english" };
    expect(selectAgent(members, wanted).choice?.agent.id).toBe("fits");
    expect(selectAgent(members.slice(0, 3), wanted).choice).toBeUndefined();
  });
});

describe("selectAgent: preferred agent routing (the queue's routing rules)", () => {
  const members = [agent("a", 1), agent("b", 30, { skills: new Map() }), agent("c", 20), agent("d", 10)];
  const scoredAgents = [
    { userId: "a", score: 10 },
    { userId: "b", score: 85 },
    { userId: "c", score: 85 },
    { userId: "d", score: 40 },
  ];

  it("MEETS_THRESHOLD: only scored agents at or above the threshold, best first, ties by longest idle, no skill check", () => {
    const selection = selectAgent(members, { ...request, skillIds: ["billing"], scoredAgents });
    expect(selection.choice).toMatchObject({ agent: { id: "c" }, reason: "scored-agent" });
    expect(selection.widensAtMs).toBe(30_000);
  });

  it("waits out the rule while nobody it admits is idle, even with idle agents below the threshold", () => {
    const busy = members.map((member) =>
      member.id === "b" || member.id === "c" ? { ...member, status: "INTERACTING" as const } : member,
    );
    expect(selectAgent(busy, { ...request, scoredAgents })).toEqual({
      choice: undefined,
      widensAtMs: 30_000,
    });
  });

  it("widens to the next rule when the wait has run out: ANY tries every scored agent", () => {
    const busy = members.map((member) =>
      member.id === "b" || member.id === "c" ? { ...member, status: "INTERACTING" as const } : member,
    );
    const selection = selectAgent(busy, { ...request, scoredAgents, msInQueue: 30_000 });
    expect(selection).toEqual({
      choice: { agent: expect.objectContaining({ id: "d" }), reason: "scored-agent" },
      widensAtMs: 60_000,
    });
  });

  it("after the last rule, standard routing: the longest-idle member with the skills, scored or not", () => {
    const onlyUnscoredIdle = [
      agent("a", 5, { status: "INTERACTING" }),
      agent("e", 9),
      agent("f", 3, { skills: new Map() }),
    ];
    const selection = selectAgent(onlyUnscoredIdle, {
      ...request,
      skillIds: ["billing"],
      scoredAgents: [{ userId: "a", score: 100 }],
      msInQueue: 60_000,
    });
    expect(selection).toEqual({
      choice: { agent: expect.objectContaining({ id: "e" }), reason: "longest-idle" },
      widensAtMs: undefined,
    });
  });

  it("a threshold no score meets leaves the rule's wait empty: nobody is tried until it runs out", () => {
    const unreachable: RoutingRuleModel[] = [
      { operator: "MEETS_THRESHOLD", threshold: 101, waitSeconds: 15 },
    ];
    const rules = { ...request, scoredAgents, routingRules: unreachable };
    expect(selectAgent(members, rules)).toEqual({ choice: undefined, widensAtMs: 15_000 });
    expect(selectAgent(members, { ...rules, msInQueue: 15_000 }).choice?.reason).toBe("longest-idle");
  });

  it("a queue without routing rules ignores the scores (standard routing at once)", () => {
    const selection = selectAgent(members, { ...request, scoredAgents, routingRules: [] });
    expect(selection).toEqual({
      choice: { agent: expect.objectContaining({ id: "a" }), reason: "longest-idle" },
      widensAtMs: undefined,
    });
  });

  it("no scores: standard routing at once, whatever the rules", () => {
    expect(selectAgent(members, request).choice?.reason).toBe("longest-idle");
  });
});

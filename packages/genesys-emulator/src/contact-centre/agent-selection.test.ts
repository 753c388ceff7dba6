import { describe, expect, it } from "vitest";
import { selectAgent } from "./agent-selection.js";
import type { AgentModel } from "./model.js";

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

const request = {
  skillIds: [] as string[],
  languageId: undefined,
  scoredAgents: [],
  declinedBy: new Set<string>(),
};

describe("selectAgent", () => {
  it("picks the longest-idle member by default", () => {
    const members = [agent("a", 300), agent("b", 100), agent("c", 200)];
    expect(selectAgent(members, request)).toMatchObject({ agent: { id: "b" }, reason: "longest-idle" });
  });

  it("skips members who are busy, off queue or declined it", () => {
    const members = [
      agent("busy", 1, { status: "INTERACTING" }),
      agent("off", 2, { status: "OFF_QUEUE" }),
      agent("declined", 3),
      agent("free", 4),
    ];
    const choice = selectAgent(members, { ...request, declinedBy: new Set(["declined"]) });
    expect(choice?.agent.id).toBe("free");
  });

  it("requires every requested skill and the language", () => {
    const members = [
      agent("noSkill", 1, { skills: new Map() }),
      agent("inactive", 2, { skills: new Map([["billing", { proficiency: 5, state: "inactive" }]]) }),
      agent("noLanguage", 3, { languages: new Map() }),
      agent("fits", 4),
    ];
    const choice = selectAgent(members, { ...request, skillIds: ["billing"], languageId: "english" });
    expect(choice?.agent.id).toBe("fits");
    expect(
      selectAgent(members.slice(0, 3), { ...request, skillIds: ["billing"], languageId: "english" }),
    ).toBeUndefined();
  });

  it("prefers the highest-scored idle agent, ties by longest idle, even without the skills", () => {
    const members = [agent("a", 1), agent("b", 30, { skills: new Map() }), agent("c", 20), agent("d", 10)];
    const scoredAgents = [
      { userId: "a", score: 10 },
      { userId: "b", score: 80 },
      { userId: "c", score: 80 },
      { userId: "d", score: 40 },
    ];
    const choice = selectAgent(members, { ...request, skillIds: ["billing"], scoredAgents });
    expect(choice).toMatchObject({ agent: { id: "c" }, reason: "scored-agent" });
  });

  it("widens to the usual rule when no scored agent is available", () => {
    const members = [agent("a", 5), agent("b", 1, { status: "INTERACTING" })];
    const choice = selectAgent(members, { ...request, scoredAgents: [{ userId: "b", score: 100 }] });
    expect(choice).toMatchObject({ agent: { id: "a" }, reason: "longest-idle" });
  });
});

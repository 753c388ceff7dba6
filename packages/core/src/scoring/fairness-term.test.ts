import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PolicyConfigError } from "../errors.js";
import type { CandidateAgent } from "../model.js";
import {
  blendFairness,
  DEFAULT_FAIRNESS_TERM,
  fairnessTermOf,
  NEUTRAL_FAIRNESS_TERM,
  resolveFairnessTerm,
} from "./fairness-term.js";
import { rankAgents } from "./rank-agents.js";
import { DEFAULT_RANKING_OPTIONS, resolveRankingOptions } from "./ranking-options.js";

const NOW = Date.parse("2024-05-01T10:00:00.000Z");
const BILLING = { requiredSkills: ["billing"] };

function idle(id: string, billing: number, idleMinutes: number, occupancy?: number): CandidateAgent {
  return {
    id,
    skills: { billing },
    languages: ["en"],
    csat: 0.8,
    routingStatus: { status: "IDLE", startTime: NOW - idleMinutes * 60_000 },
    ...(occupancy === undefined ? {} : { occupancy }),
  };
}

describe("the fairness term", () => {
  it("is off by default: no option turns it on, and ranking is the weighted score", () => {
    expect(DEFAULT_RANKING_OPTIONS.fairness).toBeUndefined();
    expect(resolveRankingOptions({ nowMs: NOW }).fairness).toBeUndefined();
    const agents = [idle("expert", 5, 0), idle("rested", 4, 30)];
    expect(rankAgents(agents, BILLING, { nowMs: NOW }).map((agent) => agent.agentId)).toEqual([
      "expert",
      "rested",
    ]);
  });

  it("has documented defaults: idle time, weight 0.2, saturating at 10 minutes", () => {
    expect(DEFAULT_FAIRNESS_TERM).toEqual({ signal: "idle-time", weight: 0.2, idleSaturationMs: 600_000 });
    expect(resolveFairnessTerm({})).toEqual(DEFAULT_FAIRNESS_TERM);
    expect(resolveFairnessTerm({ weight: 0.5 })).toEqual({ ...DEFAULT_FAIRNESS_TERM, weight: 0.5 });
  });

  it("README's table shows the code's defaults", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(
      readme.indexOf("#### The fairness term"),
      readme.indexOf("#### Explanations"),
    );
    const documented = Object.fromEntries(
      section
        .split("\n")
        .filter((line) => /^\| `[a-zA-Z]+` \|/.test(line))
        .map((line) => line.split("|").map((cell) => cell.trim().replaceAll("`", "")))
        .map(([, name, fallback]) => [name, fallback]),
    );
    expect(documented).toEqual(
      Object.fromEntries(
        Object.entries(DEFAULT_FAIRNESS_TERM).map(([name, value]) => [name, JSON.stringify(value)]),
      ),
    );
  });

  it("idle time: lets an agent idle long outrank a slightly better agent who just finished", () => {
    // expert 0.4*1 + 0.3 + 0.24 = 0.94, idle 0 -> 0.8 * 0.94 = 0.752
    // rested 0.4*0.8 + 0.3 + 0.24 = 0.86, idle 30 min (term 1) -> 0.8 * 0.86 + 0.2 = 0.888
    const agents = [idle("expert", 5, 0), idle("rested", 4, 30)];
    const ranked = rankAgents(agents, BILLING, { nowMs: NOW, fairness: {} });
    expect(ranked.map((agent) => agent.agentId)).toEqual(["rested", "expert"]);
    expect(ranked[0]?.score).toBeCloseTo(0.888, 12);
    expect(ranked[1]?.score).toBeCloseTo(0.752, 12);
  });

  it("never lets idle time lift an agent a whole tier below (0.25 or more at weight 0.2)", () => {
    // strong: 0.94, idle 0 -> 0.752; weak: 0.4*0.2 + 0.3 + 0.24 = 0.62 (eligible), idle 1 h -> 0.696
    const agents = [idle("strong", 5, 0), idle("weak", 1, 60)];
    expect(rankAgents(agents, BILLING, { nowMs: NOW, fairness: {} })[0]?.agentId).toBe("strong");
  });

  it("does not change who is eligible: an agent below minScore stays out however long idle", () => {
    const agents = [idle("unqualified", 0, 120)];
    expect(
      rankAgents(
        agents,
        { requiredSkills: ["billing"], requiredLanguage: "fr" },
        { nowMs: NOW, fairness: {} },
      ),
    ).toEqual([]);
  });

  it("occupancy: favours the less occupied agent; unknown occupancy is neutral", () => {
    const fairness = { signal: "occupancy" as const, weight: 0.3 };
    const agents = [idle("worked", 5, 0, 0.95), idle("fresh", 4, 0, 0.1)];
    expect(rankAgents(agents, BILLING, { nowMs: NOW, fairness }).map((agent) => agent.agentId)).toEqual([
      "fresh",
      "worked",
    ]);
    const options = resolveFairnessTerm(fairness);
    if (options === undefined) throw new Error("resolved");
    expect(fairnessTermOf(options, 0, undefined)).toBe(NEUTRAL_FAIRNESS_TERM);
    expect(fairnessTermOf(options, 0, 0.25)).toBe(0.75);
    expect(fairnessTermOf(options, 0, 7)).toBe(0);
  });

  it("with weight 0 ranks exactly as with the term off", () => {
    const agents = [idle("a", 5, 0), idle("b", 4, 30), idle("c", 4, 2), idle("d", 3, 100)];
    expect(rankAgents(agents, BILLING, { nowMs: NOW, fairness: { weight: 0 } })).toEqual(
      rankAgents(agents, BILLING, { nowMs: NOW }),
    );
    expect(blendFairness(0.7, 1, 0)).toBe(0.7);
  });

  it.each([
    [{ weight: 1 }, "fairness.weight"],
    [{ weight: -0.1 }, "fairness.weight"],
    [{ weight: Number.NaN }, "fairness.weight"],
    [{ signal: "queue-time" }, "fairness.signal"],
    [{ idleSaturationMs: 0 }, "fairness.idleSaturationMs"],
  ])("refuses %o naming %s", (fairness, field) => {
    const call = () => rankAgents([], BILLING, { nowMs: NOW, fairness: fairness as never });
    expect(call).toThrow(PolicyConfigError);
    expect(call).toThrow(expect.objectContaining({ field }));
  });
});

import { describe, expect, it } from "vitest";
import { AgentRosterError, parseAgentsJson } from "./agents-json.js";
import { InputError } from "./input-error.js";

function rosterError(text: string): AgentRosterError {
  try {
    parseAgentsJson(text);
  } catch (error) {
    if (error instanceof AgentRosterError) return error;
    throw error;
  }
  throw new Error("expected an AgentRosterError");
}

const valid = { id: "a-1", name: "Ann", skills: { billing: 4 }, languages: ["en-US"], csat: 0.8 };

describe("parseAgentsJson", () => {
  it("reads a roster, keeping optional fields only when given and ignoring unknown ones", () => {
    const text = JSON.stringify([valid, { id: "a-2", skills: {}, languages: [], csat: null, team: "x" }]);
    expect(parseAgentsJson(text)).toEqual([valid, { id: "a-2", skills: {}, languages: [] }]);
  });

  it("names index, id and field of an invalid entry", () => {
    const bad = (patch: Record<string, unknown>) =>
      JSON.stringify([valid, { ...valid, id: "a-2", ...patch }]);
    expect(rosterError(bad({ skills: { billing: 7 } }))).toMatchObject({
      agentIndex: 1,
      agentId: "a-2",
      field: "skills.billing",
    });
    expect(rosterError(bad({ skills: { billing: 7 } })).message).toBe(
      'agents[1] (id "a-2"), field "skills.billing": proficiency must be a number from 0 to 5, got 7',
    );
    expect(rosterError(bad({ skills: ["billing"] }))).toMatchObject({ field: "skills" });
    expect(rosterError(bad({ languages: "en-US" }))).toMatchObject({ field: "languages" });
    expect(rosterError(bad({ languages: ["en-US", 3] }))).toMatchObject({ field: "languages[1]" });
    expect(rosterError(bad({ csat: 1.5 }))).toMatchObject({ field: "csat" });
    expect(rosterError(bad({ name: 5 }))).toMatchObject({ field: "name" });
    expect(rosterError(bad({ id: "" }))).toMatchObject({ agentIndex: 1, agentId: undefined, field: "id" });
    expect(rosterError(JSON.stringify([valid, 42]))).toMatchObject({ agentIndex: 1 });
  });

  it("rejects duplicate ids, naming both entries", () => {
    const error = rosterError(JSON.stringify([valid, { ...valid, name: "Other" }]));
    expect(error).toMatchObject({ agentIndex: 1, agentId: "a-1", field: "id" });
    expect(error.message).toMatch(/agents\[0\]/);
  });

  it("rejects an empty roster", () => {
    expect(() => parseAgentsJson("[]")).toThrow(AgentRosterError);
    expect(() => parseAgentsJson(" [ ] ")).toThrow(
      "the roster is empty: a simulation needs at least one agent",
    );
  });

  it("rejects a document that is not an array", () => {
    expect(rosterError(JSON.stringify({ agents: [valid] })).message).toMatch(/expected a JSON array/);
  });

  it("locates JSON syntax errors by line and column", () => {
    for (const [text, line, column] of [
      ['[\n  {"id": "a",}\n]', 2, 14],
      ["[1,\n 2,\n x]", 3, 2],
      ['[\n  {"id": "a"', 2, 13],
    ] as const) {
      let caught: unknown;
      try {
        parseAgentsJson(text);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InputError);
      expect(caught).toMatchObject({ line, column });
    }
  });
});

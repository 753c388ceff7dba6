import { describe, expect, it } from "vitest";
import { simulate } from "../simulator/simulate.js";
import type { SimulatedInteraction } from "../simulator/types.js";
import { InputError } from "./input-error.js";
import { requireUniqueInteractionIds } from "./interaction-ids.js";
import { parseInteractionsCsvSync } from "./interactions-csv.js";

const row = (id: string, arrivalSeconds: number, line?: number): SimulatedInteraction => ({
  id,
  arrivalSeconds,
  requiredSkill: "s",
  handleSeconds: 1,
  ...(line === undefined ? {} : { line }),
});

function failure(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("unique interaction ids", () => {
  it("the CSV parser refuses a repeated id naming its line, column and the line of the first use", () => {
    const csv = "arrival_time,id,required_skill,handle_seconds\n0,c-1,s,60\n5,c-2,s,60\n9,c-1,s,60\n";
    const error = failure(() => [...parseInteractionsCsvSync(csv)]);
    expect(error).toMatchObject({ line: 4, column: 2, field: "id" });
    expect(error.message).toBe(
      'line 4, column 2 (id): duplicate interaction id "c-1" (already used by line 2)',
    );
  });

  it("tells ids apart exactly: case, spaces inside quotes and look-alikes are different ids", () => {
    const csv =
      'id,arrival_time,required_skill,handle_seconds\nc-1,0,s,1\nC-1,1,s,1\n"c 1",2,s,1\nc-10,3,s,1\n';
    expect([...parseInteractionsCsvSync(csv)].map((interaction) => interaction.id)).toEqual([
      "c-1",
      "C-1",
      "c 1",
      "c-10",
    ]);
  });

  it("requireUniqueInteractionIds checks a dataset from elsewhere, by line or by position", () => {
    expect(() => requireUniqueInteractionIds([row("a", 0, 2), row("b", 1, 3)])).not.toThrow();
    expect(failure(() => requireUniqueInteractionIds([row("a", 0, 2), row("a", 1, 7)])).message).toBe(
      'line 7 (id): duplicate interaction id "a" (already used by line 2)',
    );
    expect(failure(() => requireUniqueInteractionIds([row("x", 0), row("y", 1), row("x", 1)])).message).toBe(
      'field "id": interaction #3 (id "x"): duplicate interaction id "x" (already used by interaction #1)',
    );
    expect(failure(() => requireUniqueInteractionIds([row("", 0)])).field).toBe("id");
  });

  it("costs the simulator nothing: it trusts what it is given (the parser and the helper check)", () => {
    const report = simulate(
      [row("same", 0), row("same", 1)],
      [{ id: "A", skills: { s: 1 }, languages: [] }],
      {
        policy: "longest-idle",
      },
    );
    expect(report.interactions).toBe(2);
  });
});

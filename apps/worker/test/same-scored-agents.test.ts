import { describe, expect, it } from "vitest";
import { sameScoredAgents } from "../src/scoring/same-scored-agents.js";

const a = "2d9e3f90-5b6c-4d7e-9f80-91a2b3c4d5e6";
const b = "5ac162c3-8e9f-4a01-b2c3-c4d5e6f70819";
const wanted = [
  { id: a, score: 90 },
  { id: b, score: 40 },
];

describe("sameScoredAgents", () => {
  it.each([
    ["the same, in another order", [wanted[1], wanted[0]], true],
    ["the same, ids in upper case", wanted.map((x) => ({ ...x, id: x?.id.toUpperCase() })), true],
    ["nothing held", undefined, false],
    ["an empty list held", [], false],
    [
      "one score differs",
      [
        { id: a, score: 90 },
        { id: b, score: 41 },
      ],
      false,
    ],
    ["one agent fewer", [{ id: a, score: 90 }], false],
    [
      "another agent",
      [
        { id: a, score: 90 },
        { id: a, score: 40 },
      ],
      false,
    ],
  ])("%s -> %s", (_name, held, same) => {
    expect(sameScoredAgents(held as { id: string; score: number }[] | undefined, wanted)).toBe(same);
  });
});

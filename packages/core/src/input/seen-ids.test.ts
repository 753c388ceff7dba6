import { describe, expect, it } from "vitest";
import { SeenIds } from "./seen-ids.js";

describe("SeenIds", () => {
  it("records new ids and returns where a repeated id was first seen, across growth", () => {
    const seen = new SeenIds(16);
    for (let index = 1; index <= 50_000; index++) expect(seen.add(`c-${index}`, index + 1)).toBe(0);
    expect(seen.size).toBe(50_000);
    expect(seen.add("c-1", 99_999)).toBe(2);
    expect(seen.add("c-50000", 99_999)).toBe(50_001);
    expect(seen.size).toBe(50_000);
  });

  it("tells apart ids that differ only in order, case or length", () => {
    const seen = new SeenIds();
    const ids = ["ab", "ba", "AB", "a", "ab ", "", "é", "e\u0301"];
    ids.forEach((id, index) => {
      expect(seen.add(id, index + 1)).toBe(0);
    });
    expect(seen.add("ba", 100)).toBe(2);
  });
});

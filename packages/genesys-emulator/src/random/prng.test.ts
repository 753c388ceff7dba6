import { describe, expect, it } from "vitest";
import { createRandomStream, EmptyChoiceError } from "./prng.js";

describe("seeded random streams", () => {
  it("repeats the same sequence for the same seed and stream, and differs across streams", () => {
    const draws = (seed: number, name: string) => {
      const stream = createRandomStream(seed, name);
      return Array.from({ length: 5 }, () => stream.next());
    };
    expect(draws(42, "arrivals")).toEqual(draws(42, "arrivals"));
    expect(draws(42, "arrivals")).not.toEqual(draws(42, "behaviour"));
    expect(draws(42, "arrivals")).not.toEqual(draws(43, "arrivals"));
  });

  it("draws exponentials with the requested mean", () => {
    const stream = createRandomStream(1, "exp");
    const samples = Array.from({ length: 20_000 }, () => stream.exponential(10));
    const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
    expect(mean).toBeGreaterThan(9.6);
    expect(mean).toBeLessThan(10.4);
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
  });

  it("keeps integers within bounds and reaches both ends", () => {
    const stream = createRandomStream(3, "int");
    const values = new Set(Array.from({ length: 1000 }, () => stream.integer(0, 5)));
    expect([...values].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("shuffles without losing items and refuses to pick from nothing", () => {
    const stream = createRandomStream(5, "shuffle");
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    expect([...stream.shuffle(items)].sort()).toEqual(items);
    expect(() => stream.pick([])).toThrow(EmptyChoiceError);
  });

  it("formats uuids like version 4 UUIDs", () => {
    const stream = createRandomStream(9, "ids");
    const ids = Array.from({ length: 100 }, () => stream.uuid());
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(100);
  });
});

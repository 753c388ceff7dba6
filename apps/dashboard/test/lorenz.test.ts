import { giniCoefficient } from "@routing/core";
import { describe, expect, it } from "vitest";
import { lorenzPoints } from "../ui/src/lorenz.js";

/** Gini as twice the area between the diagonal and the curve (trapezoids). */
function giniOfCurve(points: readonly { x: number; y: number }[]): number {
  let area = 0;
  for (let index = 1; index < points.length; index += 1) {
    const [a, b] = [points[index - 1], points[index]];
    if (a === undefined || b === undefined) continue;
    area += ((b.x - a.x) * (a.y + b.y)) / 2;
  }
  return 1 - 2 * area;
}

describe("the console's Lorenz curve", () => {
  it("runs from (0, 0) to (1, 1), least loaded agent first", () => {
    expect(lorenzPoints([30, 10, 60])).toEqual([
      { x: 0, y: 0 },
      { x: 1 / 3, y: 0.1 },
      { x: 2 / 3, y: 0.4 },
      { x: 1, y: 1 },
    ]);
  });

  it("is the diagonal for equal loads, and for no load at all", () => {
    for (const loads of [
      [5, 5, 5, 5],
      [0, 0],
    ]) {
      for (const point of lorenzPoints(loads)) expect(point.y).toBeCloseTo(point.x, 12);
    }
  });

  it("encloses exactly the Gini coefficient the report states (core's giniCoefficient)", () => {
    for (const loads of [
      [1, 2, 3, 4, 10],
      [0, 0, 0, 9],
      [7, 7, 8],
      [120, 95, 143, 101, 88, 130, 0],
    ]) {
      expect(giniOfCurve(lorenzPoints(loads))).toBeCloseTo(giniCoefficient(loads), 10);
    }
  });
});

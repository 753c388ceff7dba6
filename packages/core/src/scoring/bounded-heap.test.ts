import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BoundedHeap, selectTop } from "./bounded-heap.js";

const descending = (a: number, b: number) => b - a;

describe("BoundedHeap", () => {
  it("keeps the best items and reports the worst kept", () => {
    const heap = new BoundedHeap<number>(3, descending);
    for (const value of [5, 1, 9, 7, 3, 8]) heap.offer(value);
    expect(heap.size).toBe(3);
    expect(heap.worst()).toBe(7);
    expect(heap.toSortedArray()).toEqual([9, 8, 7]);
  });

  it("rejects an item no better than the worst kept once full", () => {
    const heap = new BoundedHeap<number>(2, descending);
    expect(heap.offer(4)).toBe(true);
    expect(heap.offer(6)).toBe(true);
    expect(heap.isFull).toBe(true);
    expect(heap.offer(4)).toBe(false);
    expect(heap.offer(2)).toBe(false);
    expect(heap.offer(5)).toBe(true);
    expect(heap.toSortedArray()).toEqual([6, 5]);
  });

  it("keeps nothing with capacity 0 and refuses a negative or fractional capacity", () => {
    expect(selectTop([3, 2, 1], 0, descending)).toEqual([]);
    expect(() => new BoundedHeap(-1, descending)).toThrow(RangeError);
    expect(() => new BoundedHeap(1.5, descending)).toThrow(RangeError);
  });

  it("equals the first N of a full sort for any input (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 300 }),
        fc.nat({ max: 40 }),
        (values, count) => {
          expect(selectTop(values, count, descending)).toEqual([...values].sort(descending).slice(0, count));
        },
      ),
      { numRuns: 500 },
    );
  });
});

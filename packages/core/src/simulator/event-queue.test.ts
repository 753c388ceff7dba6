import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TimedEventQueue } from "./event-queue.js";

describe("TimedEventQueue", () => {
  it("pops in time order, equal times in insertion order, across growth", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), (times) => {
        const queue = new TimedEventQueue(1);
        times.forEach((time, payload) => {
          queue.push(time, payload);
        });
        const expected = times
          .map((time, payload) => ({ time, payload }))
          .sort((left, right) => left.time - right.time || left.payload - right.payload);
        const popped: number[] = [];
        while (queue.size > 0) {
          expect(queue.peekTime()).toBe(expected[popped.length]?.time);
          popped.push(queue.pop());
        }
        expect(popped).toEqual(expected.map((event) => event.payload));
        expect(queue.pop()).toBe(-1);
        expect(queue.peekTime()).toBe(Number.POSITIVE_INFINITY);
      }),
    );
  });

  it("interleaves pushes and pops like a sorted list", () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined })),
        (script) => {
          const queue = new TimedEventQueue(2);
          const model: { time: number; payload: number }[] = [];
          script.forEach((time, payload) => {
            if (time === undefined) {
              model.sort((left, right) => left.time - right.time || left.payload - right.payload);
              expect(queue.pop()).toBe(model.shift()?.payload ?? -1);
            } else {
              queue.push(time, payload);
              model.push({ time, payload });
            }
            expect(queue.size).toBe(model.length);
          });
        },
      ),
    );
  });
});

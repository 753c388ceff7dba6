import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StridedFifo } from "./strided-fifo.js";

describe("StridedFifo", () => {
  it("behaves like an array queue through wrap-around and growth", () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }), { maxLength: 400 }),
        (script) => {
          const fifo = new StridedFifo(4, 2);
          const model: number[] = [];
          for (const step of script) {
            if (step === undefined) {
              fifo.shift();
              model.shift();
            } else {
              fifo.push4(step, step + 1, step + 2, step + 3);
              model.push(step);
            }
            expect(fifo.length).toBe(model.length);
            const head = model[0];
            if (head === undefined) expect(fifo.headField(0)).toBeNaN();
            else
              expect([0, 1, 2, 3].map((field) => fifo.headField(field))).toEqual([
                head,
                head + 1,
                head + 2,
                head + 3,
              ]);
          }
        },
      ),
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IdleQueue } from "./idle-queue.js";

type Step =
  | { kind: "idle"; agent: number }
  | { kind: "busy"; agent: number }
  | { kind: "take" }
  | { kind: "sweep" };

const AGENTS = 6;
const step = fc.oneof(
  fc.record({ kind: fc.constant("idle" as const), agent: fc.nat({ max: AGENTS - 1 }) }),
  fc.record({ kind: fc.constant("busy" as const), agent: fc.nat({ max: AGENTS - 1 }) }),
  fc.constant({ kind: "take" as const }),
  fc.constant({ kind: "sweep" as const }),
);

describe("IdleQueue", () => {
  it("hands out the agent idle the longest, skipping agents that went busy or idle again since", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 300 }), (script: Step[]) => {
        const queue = new IdleQueue(1);
        const busy = new Uint8Array(AGENTS).fill(1);
        const epochs = new Int32Array(AGENTS);
        // Model: idle agents in the order they last became idle.
        let idleOrder: number[] = [];
        for (const action of script) {
          if (action.kind === "idle" && busy[action.agent] === 1) {
            busy[action.agent] = 0;
            epochs[action.agent] = (epochs[action.agent] ?? 0) + 1;
            queue.push(action.agent, epochs[action.agent] ?? 0);
            idleOrder.push(action.agent);
          } else if (action.kind === "busy" && busy[action.agent] === 0) {
            busy[action.agent] = 1;
            idleOrder = idleOrder.filter((agent) => agent !== action.agent);
          } else if (action.kind === "take") {
            const taken = queue.takeFirstLive(busy, epochs);
            expect(taken).toBe(idleOrder[0] ?? -1);
            if (taken >= 0) {
              busy[taken] = 1;
              idleOrder.shift();
            }
          } else if (action.kind === "sweep") {
            queue.sweep(busy, epochs);
            expect(queue.length).toBe(idleOrder.length);
          }
        }
      }),
    );
  });
});

import type { DecisionRecord } from "@routing/decision-log";
import { describe, expectTypeOf, it } from "vitest";
import type { DecisionRecord as ConsoleDecisionRecord } from "../ui/src/types.js";

// The console writes out the part of a decision record it reads (ui/src/types.ts) instead of importing the
// decision log's type; the type-check (tsc -p tsconfig.check.json) proves a real record still fits it.
describe("the console's view of the API", () => {
  it("a decision log record is what the console's decision explorer reads", () => {
    expectTypeOf<DecisionRecord>().toExtend<ConsoleDecisionRecord>();
  });
});

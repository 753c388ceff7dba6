import type { DecisionRecord } from "@routing/decision-log";
import { describe, expectTypeOf, it } from "vitest";
import type { RosterOverview, RosterQueueDetail } from "../src/roster/roster-view.js";
import type {
  DecisionRecord as ConsoleDecisionRecord,
  RosterOverview as ConsoleRosterOverview,
  RosterQueueDetail as ConsoleRosterQueueDetail,
} from "../ui/src/types.js";

// The console writes out the part of a decision record it reads (ui/src/types.ts) instead of importing the
// decision log's type; the type-check (tsc -p tsconfig.check.json) proves a real record still fits it.
describe("the console's view of the API", () => {
  it("a decision log record is what the console's decision explorer reads", () => {
    expectTypeOf<DecisionRecord>().toExtend<ConsoleDecisionRecord>();
  });

  it("the roster endpoints' answers are what the console's roster view reads", () => {
    expectTypeOf<RosterOverview>().toExtend<ConsoleRosterOverview>();
    expectTypeOf<RosterQueueDetail>().toExtend<ConsoleRosterQueueDetail>();
  });
});

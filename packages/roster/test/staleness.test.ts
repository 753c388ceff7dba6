import { describe, expect, it } from "vitest";
import { assessStaleness, type QueueMeta } from "../src/index.js";

const meta = (overrides: Partial<QueueMeta>): QueueMeta => ({
  confirmedAtMs: 1_000,
  seededAtMs: 1_000,
  staleUntilMs: undefined,
  staleReason: undefined,
  staleSinceMs: undefined,
  skillsRefreshedAtMs: undefined,
  csatRefreshedAtMs: undefined,
  cleanReconciliations: 0,
  ...overrides,
});

describe("assessStaleness", () => {
  it.each([
    [
      "never seeded",
      meta({ confirmedAtMs: undefined }),
      5_000,
      { stale: true, staleReason: "never-seeded", ageMs: undefined },
    ],
    ["fresh", meta({}), 5_000, { stale: false, staleReason: undefined, ageMs: 4_000 }],
    [
      "a gap after the last read",
      meta({ staleUntilMs: 2_000, staleReason: "socket-gap" }),
      5_000,
      { stale: true, staleReason: "socket-gap", ageMs: 4_000 },
    ],
    [
      "a read begun exactly at the gap's end repairs it",
      meta({ confirmedAtMs: 2_000, staleUntilMs: 2_000, staleReason: "socket-gap" }),
      5_000,
      { stale: false, staleReason: undefined, ageMs: 3_000 },
    ],
    [
      "a mark without its reason",
      meta({ staleUntilMs: 3_000 }),
      5_000,
      { stale: true, staleReason: "missed-events", ageMs: 4_000 },
    ],
    [
      "too old",
      meta({}),
      1_000 + 60_001,
      { stale: true, staleReason: "confirmation-too-old", ageMs: 60_001 },
    ],
    ["a clock behind the confirmation", meta({}), 500, { stale: false, staleReason: undefined, ageMs: 0 }],
  ] as const)("%s", (_case, input, nowMs, expected) => {
    expect(assessStaleness(input, nowMs, 60_000)).toEqual(expected);
  });
});

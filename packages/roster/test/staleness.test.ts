import { describe, expect, it } from "vitest";
import { assessStaleness, decodeMeta, type QueueMeta } from "../src/index.js";

// A queue seeded at 1,000 and nothing else in its meta hash, then the fields the case sets.
const meta = (overrides: Partial<QueueMeta>): QueueMeta => ({
  ...decodeMeta(["confirmedAt", "1000", "seededAt", "1000"]),
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

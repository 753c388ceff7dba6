import type { RosterMember, UserObservation } from "@routing/roster";
import { describe, expect, it } from "vitest";
import { countDrift } from "../src/roster/drift.js";

const READ_AT = 10_000;
const member = (overrides: Partial<RosterMember> = {}): RosterMember => ({
  id: "a",
  skills: { s1: 3 },
  languages: ["en"],
  routingStatus: { status: "IDLE", startTime: 5_000 },
  presence: { systemPresence: "On Queue", modifiedAtMs: 5_000 },
  joined: true,
  membershipChangedAtMs: 1_000,
  skillsReadAtMs: 1_000,
  skillsExpired: false,
  ...overrides,
});
const seen = (overrides: Partial<UserObservation> = {}): UserObservation => ({
  userId: "a",
  routingStatus: { status: "IDLE", startTimeMs: 5_000 },
  presence: { systemPresence: "On Queue", modifiedAtMs: 5_000 },
  skills: { s1: 3 },
  languages: ["en"],
  readAtMs: READ_AT,
  ...overrides,
});
const none = { membership: 0, routingStatus: 0, presence: 0, skills: 0, languages: 0 };

describe("countDrift", () => {
  it("finds nothing when the roster agrees with the read", () => {
    expect(countDrift([member()], [seen()], READ_AT)).toEqual(none);
  });

  it("counts each field the roster held wrong", () => {
    expect(
      countDrift(
        [member()],
        [
          seen({
            routingStatus: { status: "INTERACTING", startTimeMs: 6_000 },
            presence: { systemPresence: "Away", modifiedAtMs: 6_000 },
            skills: { s1: 4 },
            languages: ["en", "fr"],
          }),
        ],
        READ_AT,
      ),
    ).toEqual({ membership: 0, routingStatus: 1, presence: 1, skills: 1, languages: 1 });
  });

  it("does not count what the roster learnt after the read began (it is ahead, not wrong)", () => {
    const ahead = member({
      routingStatus: { status: "INTERACTING", startTime: 11_000 },
      presence: { systemPresence: "Away", modifiedAtMs: 11_000 },
      skillsReadAtMs: 11_000,
      skills: { s1: 5 },
    });
    expect(countDrift([ahead], [seen()], READ_AT)).toEqual(none);
  });

  it("counts a member the read did not list, and one it listed that the roster lacked", () => {
    expect(countDrift([member({ id: "gone" })], [seen({ userId: "new" })], READ_AT)).toEqual({
      ...none,
      membership: 2,
    });
    // Joined or left after the read began: not drift.
    expect(countDrift([member({ id: "gone", membershipChangedAtMs: 11_000 })], [], READ_AT)).toEqual(none);
  });
});

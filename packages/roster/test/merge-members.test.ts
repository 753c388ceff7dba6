import { describe, expect, it } from "vitest";
import { decodeMembers, mergeMembers } from "../src/queue-roster.js";
import { encodeObservation } from "../src/records.js";
import { T0, uuid } from "./support.js";

const [ada, bob, cy] = [uuid(), uuid(), uuid()];
const record = (status: "IDLE" | "INTERACTING", atMs: number): string =>
  JSON.stringify(encodeObservation({ userId: ada, routingStatus: { status, startTimeMs: atMs } }));

describe("mergeMembers: held members updated with what changed", () => {
  const held = decodeMembers(
    {
      ids: [ada, bob],
      memberships: [`1:${T0}`, `1:${T0}`],
      users: [record("IDLE", T0), record("IDLE", T0)],
    },
    T0,
    60_000,
  );

  it("decodes the changed ones anew, keeps the others as they were, drops those the queue no longer has", () => {
    const merged = mergeMembers(
      held,
      {
        ids: [bob, cy, uuid()],
        // bob: no entry any more (dropped); cy: joined; the last one: in another queue only (nil here).
        memberships: [null, `1:${T0 + 5}`, null],
        users: [record("INTERACTING", T0 + 5), record("INTERACTING", T0 + 5), record("IDLE", T0)],
      },
      T0 + 10,
      60_000,
    );
    expect(merged.map((member) => member.id)).toEqual([ada, cy]);
    expect(merged[0]).toBe(held[0]);
    expect(merged[1]?.routingStatus).toEqual({ status: "INTERACTING", startTime: T0 + 5 });
  });

  it("a damaged membership entry drops the member, as a full read skips it", () => {
    const merged = mergeMembers(held, { ids: [ada], memberships: ["garbage"], users: [null] }, T0, 60_000);
    expect(merged.map((member) => member.id)).toEqual([bob]);
  });
});

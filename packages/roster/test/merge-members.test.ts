import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeMembers, indexMembers, mergeMembers, type RosterMember } from "../src/queue-roster.js";
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
    { nowMs: T0, skillsTtlMs: 60_000 },
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
      { nowMs: T0 + 10, skillsTtlMs: 60_000 },
    );
    expect(merged.map((member) => member.id)).toEqual([ada, cy]);
    expect(merged[0]).toBe(held[0]);
    expect(merged[1]?.routingStatus).toEqual({ status: "INTERACTING", startTime: T0 + 5 });
  });

  it("a damaged membership entry drops the member, as a full read skips it", () => {
    const merged = mergeMembers(
      held,
      { ids: [ada], memberships: ["garbage"], users: [null] },
      { nowMs: T0, skillsTtlMs: 60_000 },
    );
    expect(merged.map((member) => member.id)).toEqual([bob]);
  });

  it("merge after merge with the index carried along gives what merging into a fresh map gives", () => {
    const ids = Array.from({ length: 8 }, () => uuid());
    // One change: a user (by number) and what the read script sends for them (null: no entry any more).
    const change = fc.record({
      user: fc.nat({ max: ids.length - 1 }),
      entry: fc.constantFrom(`1:${T0}`, `0:${T0}`, null, "garbage"),
      status: fc.constantFrom("IDLE" as const, "INTERACTING" as const),
    });
    fc.assert(
      fc.property(fc.array(fc.array(change, { maxLength: 6 }), { maxLength: 30 }), (reads) => {
        let held: readonly RosterMember[] = [];
        const index = indexMembers(held);
        const expected = new Map<string, { joined: boolean; status: string | undefined }>();
        for (const [at, read] of reads.entries()) {
          const raw = {
            ids: read.map(({ user }) => ids[user] ?? ""),
            memberships: read.map(({ entry }) => entry),
            users: read.map(({ status }) => record(status, T0 + at)),
          };
          const before = [...held];
          const merged = mergeMembers(held, raw, { nowMs: T0, skillsTtlMs: 60_000 }, index);
          // What was handed out before is never written.
          expect(held).toEqual(before);
          for (const { user, entry, status } of read) {
            const id = ids[user] ?? "";
            if (entry === null || entry === "garbage") expected.delete(id);
            else expected.set(id, { joined: entry.startsWith("1"), status });
          }
          const seen = new Map(merged.map((member) => [member.id, member]));
          expect(seen.size).toBe(merged.length);
          expect(
            new Map([...seen].map(([id, m]) => [id, { joined: m.joined, status: m.routingStatus?.status }])),
          ).toEqual(expected);
          expect(index).toEqual(indexMembers(merged));
          held = merged;
        }
      }),
    );
  });
});

import { describe, expect, it } from "vitest";
import { canonicalLanguages, canonicalSkills, createUserDecoder, decodeUser } from "../src/records.js";

const record = (status: string) =>
  JSON.stringify({
    s: status,
    st: 1_000,
    k: canonicalSkills({ b: 2, a: 1 }),
    kt: 5,
    l: canonicalLanguages(["fr", "en"]),
    q: {},
  });

describe("stored records", () => {
  it("canonical texts do not depend on the order things arrived in", () => {
    expect(canonicalSkills({ b: 2, a: 1 })).toBe(canonicalSkills({ a: 1, b: 2 }));
    expect(canonicalLanguages(["fr", "en", "fr"])).toBe('["en","fr"]');
  });

  it("decodes what it can and leaves a damaged field unknown", () => {
    expect(decodeUser(record("IDLE"))).toMatchObject({
      routingStatus: { status: "IDLE", startTimeMs: 1_000 },
      skills: { a: 1, b: 2 },
      languages: ["en", "fr"],
      queueIds: [],
    });
    expect(decodeUser(record("DANCING")).routingStatus).toBeUndefined();
    expect(decodeUser("{not json")).toMatchObject({ skills: {}, routingStatus: undefined });
  });

  it("the decoder reuses (frozen) decodings of unchanged records and stays bounded", () => {
    const decode = createUserDecoder(10);
    const first = decode(record("IDLE"));
    expect(decode(record("IDLE"))).toBe(first);
    expect(Object.isFrozen(first.skills)).toBe(true);
    expect(decode(record("INTERACTING"))).not.toBe(first);
    for (let i = 0; i < 30; i++) decode(JSON.stringify({ s: "IDLE", st: i }));
    // Evicted by then: decoded afresh, equal but not the same object.
    const again = decode(record("IDLE"));
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});

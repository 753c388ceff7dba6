import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectArrivalTimeFormat, parseDecimal, parseIsoSeconds } from "./arrival-time.js";

describe("arrival times", () => {
  it("reads ISO-8601 with Z, offsets, fractions and no zone (as UTC)", () => {
    const base = Date.UTC(2024, 2, 1, 9, 0, 0) / 1000;
    expect(parseIsoSeconds("2024-03-01T09:00:00Z")).toBe(base);
    expect(parseIsoSeconds("2024-03-01T09:00:00")).toBe(base);
    expect(parseIsoSeconds("2024-03-01 09:00")).toBe(base);
    expect(parseIsoSeconds("2024-03-01T10:30:00+01:30")).toBe(base);
    expect(parseIsoSeconds("2024-03-01T04:00:00-0500")).toBe(base);
    expect(parseIsoSeconds("2024-03-01T09:00:00.25Z")).toBeCloseTo(base + 0.25, 6);
  });

  it("agrees with Date for any instant written in UTC", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1971-01-01Z"), max: new Date("2099-12-31Z"), noInvalidDate: true }),
        (date) => {
          expect(parseIsoSeconds(date.toISOString())).toBeCloseTo(date.getTime() / 1000, 6);
        },
      ),
    );
  });

  it("rejects impossible dates and malformed text", () => {
    expect(() => parseIsoSeconds("2024-02-30T00:00:00Z")).toThrow(/not a valid date-time/);
    expect(() => parseIsoSeconds("2024-03-01T25:00:00Z")).toThrow(/not a valid date-time/);
    expect(() => parseIsoSeconds("yesterday")).toThrow(/ISO-8601/);
  });

  it("tells seconds from ISO-8601 and accepts only plain decimals as numbers", () => {
    expect(detectArrivalTimeFormat("12.5")).toBe("seconds");
    expect(detectArrivalTimeFormat("2024-03-01T09:00:00Z")).toBe("iso-8601");
    expect(detectArrivalTimeFormat("soon")).toBeUndefined();
    expect(parseDecimal("1e3")).toBe(1000);
    for (const text of ["", " ", "0x10", "Infinity", "1,5", "NaN"])
      expect(parseDecimal(text)).toBeUndefined();
  });
});

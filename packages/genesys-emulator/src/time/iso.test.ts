import { describe, expect, it } from "vitest";
import { IsoFormatError, parseIsoDuration, parseIsoInterval } from "./iso.js";

describe("ISO-8601 helpers", () => {
  it("parses intervals, reading a missing offset as UTC", () => {
    expect(parseIsoInterval("2025-01-06T00:00:00/2025-01-06T01:00:00.000Z")).toEqual({
      start: Date.UTC(2025, 0, 6),
      end: Date.UTC(2025, 0, 6, 1),
    });
    expect(parseIsoInterval("2025-01-06T02:00:00+02:00/2025-01-07").start).toBe(Date.UTC(2025, 0, 6));
  });

  it("rejects malformed or backwards intervals", () => {
    expect(() => parseIsoInterval("2025-01-06")).toThrow(IsoFormatError);
    expect(() => parseIsoInterval("today/tomorrow")).toThrow(IsoFormatError);
    expect(() => parseIsoInterval("2025-01-07T00:00:00Z/2025-01-06T00:00:00Z")).toThrow(/after/);
    expect(() => parseIsoInterval("2025-13-45T00:00:00Z/2025-01-06T00:00:00Z")).toThrow(IsoFormatError);
  });

  it("parses durations without months or years", () => {
    expect(parseIsoDuration("PT30M")).toBe(1_800_000);
    expect(parseIsoDuration("P1DT12H")).toBe(129_600_000);
    expect(parseIsoDuration("P1W")).toBe(604_800_000);
    expect(() => parseIsoDuration("P1M")).toThrow(IsoFormatError);
    expect(() => parseIsoDuration("PT")).toThrow(IsoFormatError);
    expect(() => parseIsoDuration("PT0S")).toThrow(IsoFormatError);
  });
});
